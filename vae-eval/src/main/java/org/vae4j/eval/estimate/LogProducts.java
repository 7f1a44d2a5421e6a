package org.vae4j.eval.estimate;

/**
 * Sums of logarithms over float values, taken as the logarithm of one double product: a row of
 * 784 terms costs 784 multiplications and a few {@code Math.log} calls instead of 784
 * transcendental calls (ND4J's log1p costs ~2 ns per element, Java's Math.log1p ~35 ns).
 *
 * <p>Overflow: a float factor is below 2^128, so seven of them stay below 2^896 and the double
 * range (2^1023) holds; every accumulator is rescaled to [1, 2) after seven factors and its binary
 * exponent kept apart as an integer. Eight independent accumulators keep the multiplier busy
 * instead of waiting on one chain's latency. Precision: each multiplication rounds by at most
 * 2^-53 relative, so n factors are exact to about n * 1.1e-16 in the logarithm, far below the
 * float inputs' own rounding. An infinite or NaN factor gives an infinite or NaN sum, never a finite
 * one (callers recompute such rows another way).
 */
final class LogProducts {

    private static final double LN2 = Math.log(2.0);
    /** Factors per accumulator between rescalings: 7 * 128 bits (+1) stays below 1023. */
    private static final int ROUNDS_PER_RESCALE = 7;
    private static final int ACCUMULATORS = 8;
    private static final int BLOCK = ROUNDS_PER_RESCALE * ACCUMULATORS;
    private static final long EXPONENT_BIAS = 1023;
    private static final long MANTISSA_BITS = 0x000F_FFFF_FFFF_FFFFL;
    private static final long EXPONENT_OF_ONE = 0x3FF0_0000_0000_0000L;
    private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

    private LogProducts() {
    }

    /** sum_i log(1 + t_i) over {@code t[0, n)}, each t_i >= 0 (e.g. exp of a logit). */
    static double sumLogOnePlus(float[] t, int n) {
        double p0 = 1;
        double p1 = 1;
        double p2 = 1;
        double p3 = 1;
        double p4 = 1;
        double p5 = 1;
        double p6 = 1;
        double p7 = 1;
        long exponent = 0;
        int i = 0;
        for (; n - i >= BLOCK; ) {
            for (int round = 0; round < ROUNDS_PER_RESCALE; round++, i += ACCUMULATORS) {
                p0 *= 1.0 + t[i];
                p1 *= 1.0 + t[i + 1];
                p2 *= 1.0 + t[i + 2];
                p3 *= 1.0 + t[i + 3];
                p4 *= 1.0 + t[i + 4];
                p5 *= 1.0 + t[i + 5];
                p6 *= 1.0 + t[i + 6];
                p7 *= 1.0 + t[i + 7];
            }
            long b0 = Double.doubleToRawLongBits(p0);
            long b1 = Double.doubleToRawLongBits(p1);
            long b2 = Double.doubleToRawLongBits(p2);
            long b3 = Double.doubleToRawLongBits(p3);
            long b4 = Double.doubleToRawLongBits(p4);
            long b5 = Double.doubleToRawLongBits(p5);
            long b6 = Double.doubleToRawLongBits(p6);
            long b7 = Double.doubleToRawLongBits(p7);
            // All products are >= 1 (sign bit clear), so the largest bit pattern has the largest exponent.
            long largest = Math.max(Math.max(Math.max(b0, b1), Math.max(b2, b3)), Math.max(Math.max(b4, b5),
                    Math.max(b6, b7)));
            if (largest >= INFINITY_BITS) {
                return Double.POSITIVE_INFINITY;   // an infinite or NaN factor
            }
            exponent += (b0 >>> 52) + (b1 >>> 52) + (b2 >>> 52) + (b3 >>> 52) + (b4 >>> 52) + (b5 >>> 52)
                    + (b6 >>> 52) + (b7 >>> 52) - ACCUMULATORS * EXPONENT_BIAS;
            p0 = mantissa(b0);
            p1 = mantissa(b1);
            p2 = mantissa(b2);
            p3 = mantissa(b3);
            p4 = mantissa(b4);
            p5 = mantissa(b5);
            p6 = mantissa(b6);
            p7 = mantissa(b7);
        }
        // Fewer than 56 factors left: spread over the eight accumulators, at most seven each.
        double[] p = {p0, p1, p2, p3, p4, p5, p6, p7};
        for (int k = 0; i < n; i++, k++) {
            p[k % ACCUMULATORS] *= 1.0 + t[i];
        }
        double sum = exponent * LN2;
        for (double value : p) {
            sum += Math.log(value);
        }
        return sum;
    }

    /**
     * sum_j log t[index_j] over the given indices (e.g. exp of the logits of the pixels that are 1),
     * or NaN if one of those t is zero, subnormal or NaN: a float that small has lost relative
     * precision, so its logarithm would be wrong rather than merely rounded.
     */
    static double sumLog(float[] t, int[] indices) {
        double p = 1;
        long exponent = 0;
        int rounds = 0;
        for (int index : indices) {
            float value = t[index];
            if (!(value >= Float.MIN_NORMAL)) {
                return Double.NaN;
            }
            p *= value;
            if (++rounds == ROUNDS_PER_RESCALE) {
                int e = Math.getExponent(p);
                p = Math.scalb(p, -e);
                exponent += e;
                rounds = 0;
            }
        }
        return Math.log(p) + exponent * LN2;
    }

    /** The double with the mantissa of {@code bits} and exponent 0: a value in [1, 2). */
    private static double mantissa(long bits) {
        return Double.longBitsToDouble(bits & MANTISSA_BITS | EXPONENT_OF_ONE);
    }
}
