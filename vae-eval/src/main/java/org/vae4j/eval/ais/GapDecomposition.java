package org.vae4j.eval.ais;

import java.util.Objects;

import org.vae4j.eval.estimate.Estimator;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.MeanAndError;

/**
 * Where the ELBO's gap to log p(x) goes, on the same examples: ELBO -> IS(k) -> AIS. IS(k) - ELBO is
 * what k importance samples of q(z|x) recover; AIS - IS(k) what they still miss (the importance
 * sampler's bias at this k); AIS - ELBO estimates the mean KL(q(z|x) || p(z|x)), the inference gap
 * that Cremer, Li and Duvenaud (2018) split into approximation and amortization parts. Each
 * difference is the mean of per-example differences with its paired standard error, which is far
 * smaller than the spread of log p(x) across examples. Nats per example.
 *
 * @param elbo          ELBO (of the importance-sampling report: analytic KL, k samples)
 * @param importance    importance-sampled log p(x) with k samples
 * @param annealed      AIS log p(x)
 * @param elboToImportance   IS(k) - ELBO
 * @param importanceToAnnealed AIS - IS(k)
 * @param elboToAnnealed AIS - ELBO
 * @param importanceSamples k
 */
public record GapDecomposition(MeanAndError elbo, MeanAndError importance, MeanAndError annealed,
                               MeanAndError elboToImportance, MeanAndError importanceToAnnealed,
                               MeanAndError elboToAnnealed, int importanceSamples) {

    /** From an AIS report and an importance-sampling report of the same examples, in the same order. */
    public static GapDecomposition of(LogLikelihoodReport ais, LogLikelihoodReport importanceSampling) {
        Objects.requireNonNull(ais, "ais");
        Objects.requireNonNull(importanceSampling, "importanceSampling");
        if (ais.estimator() != Estimator.AIS || importanceSampling.estimator() != Estimator.IMPORTANCE_SAMPLING) {
            throw new IllegalArgumentException("GapDecomposition needs an AIS and an importance-sampling report, got "
                    + ais.estimator() + " and " + importanceSampling.estimator());
        }
        double[] a = ais.perExample().logLikelihoodNats();
        double[] is = importanceSampling.perExample().logLikelihoodNats();
        double[] elbo = importanceSampling.perExample().elboNats();
        if (a.length != is.length) {
            throw new IllegalArgumentException("GapDecomposition: the reports cover " + a.length + " and " + is.length
                    + " examples");
        }
        return new GapDecomposition(MeanAndError.of(elbo), MeanAndError.of(is), MeanAndError.of(a),
                MeanAndError.of(difference(is, elbo)), MeanAndError.of(difference(a, is)),
                MeanAndError.of(difference(a, elbo)), importanceSampling.summary().importanceSamples());
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
