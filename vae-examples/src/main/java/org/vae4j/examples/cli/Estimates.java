package org.vae4j.examples.cli;

import java.util.Locale;

/** How an estimate and its standard error are printed, also when there is no standard error. */
final class Estimates {

    private Estimates() {
    }

    /**
     * "97.123 +- 0.456", or, when the standard error is not defined (fewer than two examples),
     * "97.123 (no standard error from 1 test example)" instead of "+- NaN".
     */
    static String plusMinus(double mean, double standardError, long examples) {
        if (Double.isFinite(standardError)) {
            return String.format(Locale.ROOT, "%.3f +- %.3f", mean, standardError);
        }
        return String.format(Locale.ROOT, "%.3f (no standard error from %d test example%s: the test split is too "
                + "small)", mean, examples, examples == 1 ? "" : "s");
    }
}
