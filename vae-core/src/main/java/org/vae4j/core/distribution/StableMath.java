package org.vae4j.core.distribution;

/**
 * Scalar functions evaluated in double without overflow or cancellation at extreme arguments.
 *
 * <p>DL4J's own activations compute these in the array's data type and overflow (softplus is
 * +inf for inputs >= 89 in float), so the distributions here evaluate them element by element.
 */
final class StableMath {

    private static final double LN2 = Math.log(2.0);

    private StableMath() {
    }

    /** log(1 + e^z), exact for any finite z. */
    static double softplus(double z) {
        return Math.max(z, 0.0) + log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * log(1 + x) for x > -1 to a few ulps, as log(u) x / (u - 1) with u = 1 + x rounded (Goldberg
     * 1991, "What every computer scientist should know about floating-point arithmetic", thm. 4):
     * u - 1 is exact, and the quotient corrects u's rounding. Why not {@link Math#log1p}: in JDK 17
     * it is StrictMath's fdlibm reached through JNI, and one call per data value was the largest
     * Java cost of evaluating Gaussian likelihoods (JFR); {@link Math#log} is a compiler intrinsic.
     */
    static double log1p(double x) {
        double u = 1.0 + x;
        if (u == 1.0) {
            return x;
        }
        if (Double.isInfinite(u)) {
            return u;
        }
        return Math.log(u) * x / (u - 1.0);
    }

    /** 1 / (1 + e^-z), without overflow of the exponential. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    /** log(sigmoid(z)) = -softplus(-z). */
    static double logSigmoid(double z) {
        return -softplus(-z);
    }

    /** log(e^w - 1) for w > 0; for large w, e^w overflows, so it is w + log(1 - e^-w). */
    static double logExpm1(double w) {
        if (w > 30) {
            return w + log1p(-Math.exp(-w));
        }
        return Math.log(Math.expm1(w));
    }

    /** log(1 - e^-d) for d > 0 (Maechler 2012: expm1 below ln 2, log1p above). */
    static double log1mExp(double d) {
        return d < LN2 ? Math.log(-Math.expm1(-d)) : log1p(-Math.exp(-d));
    }

    /** Scale from an unconstrained pre-output: softplus(z) + floor, so it never reaches zero. */
    static double softplusScale(double preOut, double minScale) {
        return softplus(preOut) + minScale;
    }
}
