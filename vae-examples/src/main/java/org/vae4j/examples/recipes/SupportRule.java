package org.vae4j.examples.recipes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.tabular.Table;
import org.vae4j.examples.config.Likelihoods;

/**
 * The one rule for values outside a likelihood's support (issue 24, rule 5), the same for every
 * likelihood and every command that reads a table ({@code train --data}, {@code train --resume},
 * {@code score}, {@code eval} of a data run): the numeric values the model sees (after the run's
 * scaling) must lie in the support of the likelihood of the numeric columns. A value outside it is
 * refused with one line naming the file, row, column, value and the support, unless the run was
 * started with {@code --clip}; then every such value is clipped into the support and one WARN line
 * counts them by column.
 *
 * <p>The supports are those the distributions' own {@code checkSupport} enforce (and the same
 * clipping as their {@code clampData}), so nothing this rule lets through is refused later, deep in
 * training: bernoulli and continuous-bernoulli [0, 1]; poisson and negative-binomial non-negative
 * integer counts (clipped: rounded, negatives to 0); discretized-logistic the 8-bit grid k/255 in
 * [0, 1] (clipped: rounded to the grid); gaussian and laplace every value. One-hot columns are not
 * the numeric likelihood's: the categorical likelihood checks them.
 */
public final class SupportRule {

    /** What the refusal asks of a user of {@code train --data}. */
    public static final String PASS_CLIP = "fix the data or pass --clip";
    /** What it asks of a user of a run started without {@code --clip} ({@code --resume}, {@code score}, {@code eval}). */
    public static final String TRAIN_WITH_CLIP = "fix the data, or train a new run with --clip (this run was "
            + "trained without it)";

    private static final Logger LOG = LoggerFactory.getLogger(SupportRule.class);
    /** Grid tolerance of discretized-logistic data, in levels (as its distribution's checkSupport). */
    private static final double GRID_TOLERANCE_LEVELS = 1e-3;
    private static final double MAX_LEVEL = 255;

    /** The support of a likelihood on numeric columns. */
    public enum Support {
        /** Every finite value (gaussian, laplace). */
        ANY("any value"),
        /** [0, 1] (bernoulli, continuous-bernoulli). */
        UNIT_INTERVAL("[0, 1]"),
        /** 0, 1, 2, ... (poisson, negative-binomial). */
        COUNTS("the non-negative integers 0, 1, 2, ..."),
        /** k / 255 for k = 0..255 (discretized-logistic). */
        INTENSITIES("the 8-bit intensities k/255, k = 0..255");

        private final String text;

        Support(String text) {
            this.text = text;
        }

        /** How messages name it. */
        public String text() {
            return text;
        }

        public boolean contains(double x) {
            return switch (this) {
                case ANY -> true;
                case UNIT_INTERVAL -> x >= 0 && x <= 1;
                case COUNTS -> x >= 0 && x == Math.rint(x) && !Double.isInfinite(x);
                case INTENSITIES -> x >= 0 && x <= 1
                        && Math.abs(x * MAX_LEVEL - Math.rint(x * MAX_LEVEL)) <= GRID_TOLERANCE_LEVELS;
            };
        }

        /** The nearest value in the support (as the distributions' clampData clamps); {@code x} if in it. */
        public double clip(double x) {
            if (contains(x)) {
                return x;
            }
            return switch (this) {
                case ANY -> x;
                case UNIT_INTERVAL -> Math.min(1.0, Math.max(0.0, x));
                case COUNTS -> Math.max(0.0, Math.rint(x));
                case INTENSITIES -> Math.min(MAX_LEVEL, Math.max(0.0, Math.rint(x * MAX_LEVEL))) / MAX_LEVEL;
            };
        }
    }

    private final String likelihood;
    private final Support support;
    private final boolean clip;

    private SupportRule(String likelihood, Support support, boolean clip) {
        this.likelihood = likelihood;
        this.support = support;
        this.clip = clip;
    }

    /**
     * The rule for {@code likelihood} (a name {@link Likelihoods#of} takes, aliases included):
     * refuse out-of-support values, or clip them when {@code clip}.
     */
    public static SupportRule of(String likelihood, boolean clip) {
        String name = Likelihoods.nameOf(Likelihoods.of(likelihood));
        return new SupportRule(name, supportOf(name), clip);
    }

    /** The support of a likelihood's canonical short name ({@link Likelihoods#nameOf}). */
    public static Support supportOf(String likelihood) {
        return switch (Likelihoods.nameOf(Likelihoods.of(likelihood))) {
            case "bernoulli", "continuous-bernoulli" -> Support.UNIT_INTERVAL;
            case "poisson", "negative-binomial" -> Support.COUNTS;
            case "discretized-logistic" -> Support.INTENSITIES;
            default -> Support.ANY;
        };
    }

    public Support support() {
        return support;
    }

    public boolean clip() {
        return clip;
    }

    /**
     * {@code scaled} (the rows of {@code file} as the model sees them, in file order: row {@code i}
     * is the file's data row {@code i + 1}, as {@link org.vae4j.datasets.tabular.CsvTableReader}
     * numbers them) with the rule applied.
     *
     * @param raw     the same rows as read from the file, for messages; may be {@code scaled} itself
     * @param scaling how {@code raw} became {@code scaled}, for messages ({@code NONE}: not at all)
     * @param remedy  the end of the refusal: {@link #PASS_CLIP} or {@link #TRAIN_WITH_CLIP}
     * @param warn    whether clipping is reported (one WARN line); false where it was already
     * @param conditionWidth the last features of each row that are a conditional VAE's condition:
     *                no likelihood scores them, so no support applies
     * @throws InvalidDataFileException for the first value outside the support, without {@code --clip}
     */
    public Table apply(Path file, Table raw, Table scaled, DataSource.Scaling scaling, String remedy, boolean warn,
                       int conditionWidth) throws InvalidDataFileException {
        if (support == Support.ANY) {
            return scaled;
        }
        int f = scaled.features();
        boolean[] numeric = scaled.numeric();
        float[] values = scaled.values();
        float[] out = null;
        int[] clippedByColumn = new int[f];
        // Min-max scaling maps the training rows onto [0, 1] exactly, so a value outside it is the
        // scaler's extrapolation of a held-out or new row beyond the training range, not bad data:
        // it becomes 0 or 1 (an anomaly far outside the range still scores as the most extreme
        // value) and is counted, with or without --clip.
        boolean scalerExtrapolation = scaling == DataSource.Scaling.MIN_MAX && support == Support.UNIT_INTERVAL;
        int dataFeatures = f - conditionWidth;
        for (int i = 0; i < values.length; i++) {
            int j = i % f;
            if (j >= dataFeatures || !numeric[j] || support.contains(values[i])) {
                continue;
            }
            if (!clip && !(scalerExtrapolation && !Float.isNaN(values[i]))) {
                throw refusal(file, i / f, scaled.featureNames().get(j), raw.values()[i], values[i], scaling, remedy);
            }
            if (out == null) {
                out = values.clone();
            }
            out[i] = (float) support.clip(values[i]);
            clippedByColumn[j]++;
        }
        if (out == null) {
            return scaled;
        }
        if (warn) {
            LOG.warn("{}", clip ? clippedMessage(file, scaled.featureNames(), clippedByColumn)
                    : extrapolationMessage(file, scaled.featureNames(), clippedByColumn));
        }
        return new Table(scaled.name(), out, scaled.featureNames(), scaled.numeric(), scaled.fileSha256(),
                scaled.droppedRows());
    }

    private InvalidDataFileException refusal(Path file, int row, String column, float raw, float scaled,
                                             DataSource.Scaling scaling, String remedy) {
        String value = scaling == DataSource.Scaling.NONE ? number(raw)
                : number(raw) + " (" + number(scaled) + " after " + scalingName(scaling) + " scaling)";
        return new InvalidDataFileException(file, "row " + (row + 1) + " (line " + (row + 2) + "), column '" + column
                + "': value " + value + " is outside " + support.text() + ", the support of the " + likelihood
                + " likelihood; " + remedy);
    }

    private String clippedMessage(Path file, List<String> names, int[] clippedByColumn) {
        int total = java.util.Arrays.stream(clippedByColumn).sum();
        return String.format(Locale.ROOT, "%s: --clip: %d value%s outside %s, the support of the %s likelihood, "
                        + "clipped into it (by column: %s)", file.getFileName(), total, total == 1 ? "" : "s",
                support.text(), likelihood, byColumn(names, clippedByColumn));
    }

    private static String extrapolationMessage(Path file, List<String> names, int[] clippedByColumn) {
        int total = java.util.Arrays.stream(clippedByColumn).sum();
        return String.format(Locale.ROOT, "%s: min-max scaling mapped %d value%s beyond the training rows' range to "
                + "0 or 1 (by column: %s)", file.getFileName(), total, total == 1 ? "" : "s",
                byColumn(names, clippedByColumn));
    }

    /** E.g. {@code 'a' 3, 'c' 1}: the columns with a count, in order. */
    private static String byColumn(List<String> names, int[] counts) {
        List<String> columns = new ArrayList<>();
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] > 0) {
                columns.add("'" + names.get(j) + "' " + counts[j]);
            }
        }
        return String.join(", ", columns);
    }

    private static String scalingName(DataSource.Scaling scaling) {
        return scaling == DataSource.Scaling.MIN_MAX ? "min-max" : scaling.name().toLowerCase(Locale.ROOT);
    }

    /** A float as the file would write it: 3, -0.25, 1.5E-7. */
    private static String number(float x) {
        return x == Math.rint(x) && Math.abs(x) < 1e7 ? String.valueOf((long) x) : Float.toString(x);
    }

    @Override
    public String toString() {
        return "SupportRule[" + likelihood + " " + support.text() + (clip ? ", clip" : ", refuse") + "]";
    }
}
