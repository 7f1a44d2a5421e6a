package org.vae4j.eval.ais;

import java.util.Arrays;
import java.util.Locale;

/**
 * The inverse temperatures 0 = beta_0 < beta_1 < ... < beta_T = 1 of annealed importance sampling,
 * where the t-th intermediate distribution is f_t(z) = p_0(z)^(1 - beta_t) (p(z) p(x|z))^beta_t.
 *
 * <p>{@link #sigmoid} is the schedule of Wu, Burda, Salakhutdinov and Grosse (2017, section 4):
 * beta~_t = sigmoid(delta (2t / T - 1)), rescaled so that beta_0 = 0 and beta_T = 1. It puts more
 * steps near both ends of the path than a linear schedule, where the distributions change fastest
 * relative to their width.
 *
 * @param betas       beta_0 .. beta_T, increasing from 0 to 1
 * @param description how the schedule was made, for reports
 */
public record AnnealingSchedule(double[] betas, String description) {

    /** Wu et al.'s default sharpness. */
    public static final double DEFAULT_SHARPNESS = 4.0;

    public AnnealingSchedule {
        if (betas.length < 2 || betas[0] != 0.0 || betas[betas.length - 1] != 1.0) {
            throw new IllegalArgumentException("AnnealingSchedule: betas must run from 0 to 1 with at least one step, got "
                    + Arrays.toString(betas));
        }
        for (int t = 1; t < betas.length; t++) {
            if (!(betas[t] > betas[t - 1])) {
                throw new IllegalArgumentException("AnnealingSchedule: betas must increase, got beta_" + (t - 1) + " = "
                        + betas[t - 1] + " and beta_" + t + " = " + betas[t]);
            }
        }
        betas = betas.clone();
    }

    /** The most steps a schedule holds: its T + 1 betas are one Java array. */
    public static final int MAX_STEPS = Integer.MAX_VALUE - 16;

    /** Sigmoid-spaced betas for {@code steps} = T >= 1 steps and sharpness delta > 0. */
    public static AnnealingSchedule sigmoid(int steps, double sharpness) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("AnnealingSchedule: steps must be from 1 to " + MAX_STEPS + ", got " + steps);
        }
        if (!(sharpness > 0) || Double.isInfinite(sharpness)) {
            throw new IllegalArgumentException("AnnealingSchedule: sharpness must be finite and > 0, got " + sharpness);
        }
        double[] betas = new double[steps + 1];
        double first = sigmoid(-sharpness);
        double last = sigmoid(sharpness);
        for (int t = 1; t < steps; t++) {
            betas[t] = (sigmoid(sharpness * (2.0 * t / steps - 1)) - first) / (last - first);
        }
        betas[steps] = 1.0;
        return new AnnealingSchedule(betas, String.format(Locale.ROOT, "sigmoid(delta=%s)", sharpness));
    }

    /** Evenly spaced betas t / T (for comparisons and tests). */
    public static AnnealingSchedule linear(int steps) {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("AnnealingSchedule: steps must be from 1 to " + MAX_STEPS + ", got " + steps);
        }
        double[] betas = new double[steps + 1];
        for (int t = 1; t <= steps; t++) {
            betas[t] = t == steps ? 1.0 : (double) t / steps;
        }
        return new AnnealingSchedule(betas, "linear");
    }

    /** T: weight updates (and distributions after the initial one). */
    public int steps() {
        return betas.length - 1;
    }

    public double beta(int t) {
        return betas[t];
    }

    @Override
    public double[] betas() {
        return betas.clone();
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
