package org.vae4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Gemm} computes {@code alpha op(a) op(b) + beta c} for every operand layout vae4j hands it
 * (C- and F-ordered matrices, row ranges and column ranges of larger arrays, vectors), against a
 * triple loop in double; {@link Gemm#affine} equals in W + b. The direct BLAS path runs here (CPU
 * backend), and the same cases pass through Nd4j.gemm on a simulated device.
 */
class GemmTest {

    /** m, k, n: a matrix product, and the row and column (and 1 x 1) products that run as GEMV. */
    private static final int[][] SHAPES = {{5, 7, 4}, {1, 7, 4}, {5, 7, 1}, {1, 7, 1}};
    private static final int M = 5;
    private static final int K = 7;
    private static final int N = 4;

    /** A [rows, cols] operand in one of several memory layouts, filled with fixed values. */
    private static INDArray operand(DataType type, long rows, long cols, int layout, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return switch (layout) {
            case 0 -> Nd4j.rand(type, rows, cols).subi(0.5);
            case 1 -> Nd4j.rand(type, rows, cols).subi(0.5).dup('f');
            // Rows 2.. of a taller C-ordered array: offset view, contiguous rows.
            case 2 -> Nd4j.rand(type, rows + 3, cols).subi(0.5).get(NDArrayIndex.interval(2, 2 + rows),
                    NDArrayIndex.all());
            // Columns 1.. of a wider C-ordered array: leading dimension larger than the width.
            case 3 -> Nd4j.rand(type, rows, cols + 2).subi(0.5).get(NDArrayIndex.all(),
                    NDArrayIndex.interval(1, 1 + cols));
            default -> throw new IllegalArgumentException();
        };
    }

    private static double[][] reference(INDArray a, INDArray b, INDArray c, boolean ta, boolean tb, double alpha,
                                        double beta) {
        double[][] out = new double[(int) c.rows()][(int) c.columns()];
        long k = ta ? a.rows() : a.columns();
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.columns(); j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (ta ? a.getDouble(p, i) : a.getDouble(i, p)) * (tb ? b.getDouble(j, p) : b.getDouble(p, j));
                }
                out[i][j] = alpha * sum + beta * c.getDouble(i, j);
            }
        }
        return out;
    }

    private static void check(DataType type, ArrayMemory memory) {
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        int cases = 0;
        for (int[] shape : SHAPES) {
            int m = shape[0];
            int k = shape[1];
            int n = shape[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int la = 0; la < 4; la++) {
                        for (int lb = 0; lb < 4; lb++) {
                            for (int lc = 0; lc < 4; lc++) {
                                for (double beta : new double[] {0.3, 0}) {
                                    INDArray a = ta ? operand(type, k, m, la, 1) : operand(type, m, k, la, 1);
                                    INDArray b = tb ? operand(type, n, k, lb, 2) : operand(type, k, n, lb, 2);
                                    INDArray c = operand(type, m, n, lc, 3);
                                    double[][] expected = reference(a, b, c, ta, tb, 0.7, beta);
                                    if (beta == 0) {
                                        c.assign(Double.NaN);   // with beta = 0, C must not be read
                                    }
                                    try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                                        Gemm.gemm(a, b, c, ta, tb, 0.7, beta);
                                    }
                                    for (int i = 0; i < m; i++) {
                                        for (int j = 0; j < n; j++) {
                                            assertEquals(expected[i][j], c.getDouble(i, j), tolerance, m + "x" + k
                                                    + "x" + n + " ta " + ta + " tb " + tb + " layouts " + la + lb
                                                    + lc + " beta " + beta + " at " + i + "," + j);
                                        }
                                    }
                                    cases++;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertEquals(SHAPES.length * 512, cases);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void everyLayoutAndTransposeOnTheDirectPath(DataType type) {
        assertTrue(Gemm.directAllowed(), "the CPU backend's OpenBLAS is reachable in tests");
        check(type, ArrayMemory.HOST);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void everyLayoutAndTransposeThroughNd4jOnADevice(DataType type) {
        check(type, ArrayMemory.DEVICE);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void affineIsInTimesWeightsPlusBiasOnEveryRow(DataType type) {
        INDArray in = operand(type, M, K, 2, 4);
        INDArray weights = operand(type, K, N, 1, 5);   // F-ordered, as DL4J's weight views are
        INDArray bias = Nd4j.linspace(type, 1, N, 1);
        INDArray expected = in.mmul(weights).addiRowVector(bias);
        for (ArrayMemory memory : ArrayMemory.values()) {
            INDArray out = Nd4j.create(type, M + 2, N).get(NDArrayIndex.interval(1, 1 + M), NDArrayIndex.all()).assign(9);
            try (ArrayMemory.Scope ignored = ArrayMemory.simulate(memory)) {
                Gemm.affine(in, weights, bias, out);
            }
            assertTrue(expected.equalsWithEps(out, type == DataType.DOUBLE ? 1e-12 : 1e-5), memory + ": " + out);
        }
    }

    @Test
    void smallWorkRunsOnOneBlasThreadAndLargeWorkOnEvery() {
        assertTrue(Gemm.directAllowed());
        int before = Gemm.threads();
        try {
            Gemm.setThreads(2);
            Gemm.useThreadsFor(Gemm.PARALLEL_MIN_MULTIPLY_ADDS - 1);
            assertEquals(1, org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads());
            Gemm.useThreadsFor(Gemm.PARALLEL_MIN_MULTIPLY_ADDS);
            assertEquals(2, org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads());
            Gemm.setThreads(1);
            assertEquals(1, org.bytedeco.openblas.global.openblas_nolapack.blas_get_num_threads());
        } finally {
            Gemm.setThreads(before);
        }
    }

    @Test
    void shapesThatDoNotAgreeAreRefused() {
        INDArray a = Nd4j.create(DataType.FLOAT, 3, 4);
        INDArray b = Nd4j.create(DataType.FLOAT, 5, 2);
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.gemm(a, b, Nd4j.create(DataType.FLOAT, 3, 2), false, false, 1, 0));
        assertTrue(e.getMessage().contains("[3, 4] x [5, 2] -> [3, 2]"), e.getMessage());
    }
}
