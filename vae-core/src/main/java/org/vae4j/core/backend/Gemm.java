package org.vae4j.core.backend;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.Vae4jThreads;

/**
 * The matrix products of vae4j's passes, {@code c = alpha op(a) op(b) + beta c} with the meaning of
 * {@code Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta)}, written once for every caller
 * (training engine, forward pass, evaluation, AIS).
 *
 * <p>On host memory ({@link ArrayMemory#HOST}) it calls the BLAS that ND4J's CPU backend bundles
 * (OpenBLAS, through JavaCPP's {@code org.bytedeco.openblas} preset) directly on the arrays'
 * memory. Measured on 2 cores (quiet host, FLOAT, bench/README.md): ND4J's {@code mmuli}/{@code gemm}
 * reach 66-78 GFLOP/s on the VAE's shapes on one or two threads alike and 16 GFLOP/s at 20x200x200
 * (about 85 us of dispatch per call), the same OpenBLAS called directly 109-130 on one thread,
 * 175-192 on two, and 114 at 20x200x200. The BLAS runs on its own threads: on first use they are
 * set to {@link Vae4jThreads#threads()} (every core unless {@code -Dvae4j.threads} says otherwise;
 * one inside {@code SingleThreadedNativeOps}), independent of ND4J's OpenMP threads.
 *
 * <p>Anything else goes to {@code Nd4j.gemm}: a device backend, data types other than FLOAT and
 * DOUBLE, mixed types, operands whose memory is not a strided matrix, or a process without the
 * OpenBLAS preset on its class path (a CUDA application). The system property
 * {@code vae4j.gemm=nd4j} forces that path (for A/B measurements).
 */
public final class Gemm {

    private static final Logger LOG = LoggerFactory.getLogger(Gemm.class);
    /** {@link ComputePaths} component, and its paths. */
    public static final String COMPONENT = "matrix products";
    public static final String DIRECT_PATH = "OpenBLAS called directly on host memory";
    public static final String ND4J_PATH = "Nd4j.gemm";

    private static volatile Boolean blasAvailable;
    /**
     * Work whose typical GEMM has fewer multiply-adds (m n k) than this runs on one BLAS thread:
     * waking a second thread costs more than it saves. Measured on 2 vCPUs (2026-12-07, FLOAT,
     * GFLOP/s on 1 / 2 threads): 20x200x200 28-32 / 19-22, 20x784x200 35 / 30-32, 100x200x200
     * 63-67 / 57-67 (4M), 64x784x400 41-51 / 83-87 (20M), 128x784x400 62-71 / 95-111. The choice is
     * made per job ({@link #useThreadsFor}), not per call: changing OpenBLAS's thread count costs
     * 0.2-0.3 ms (measured), more than a small GEMM.
     */
    static final long PARALLEL_MIN_MULTIPLY_ADDS = 8_000_000;
    /** The most BLAS threads a GEMM may use ({@link #setThreads}); the number OpenBLAS has now. */
    private static int maxThreads = 1;
    private static int threadsNow = -1;
    private static long typicalMultiplyAdds = Long.MAX_VALUE;

    private Gemm() {
    }

    /** {@code c = alpha op(a) op(b) + beta c}; {@code c} is written in place and must not be a copy. */
    public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double alpha,
                            double beta) {
        Layout la = Layout.of(a);
        Layout lb = Layout.of(b);
        Layout lc = Layout.of(c);
        if (!direct(a, b, c) || la == null || lb == null || lc == null) {
            nd4jGemm(a, b, c, transposeA, transposeB, alpha, beta);
            return;
        }
        long m = c.rows();
        long n = c.columns();
        long k = transposeA ? a.rows() : a.columns();
        if ((transposeA ? a.columns() : a.rows()) != m || (transposeB ? b.columns() : b.rows()) != k
                || (transposeB ? b.rows() : b.columns()) != n) {
            throw new IllegalArgumentException("Gemm: shapes " + shape(a) + (transposeA ? "^T" : "") + " x "
                    + shape(b) + (transposeB ? "^T" : "") + " -> " + shape(c) + " do not agree");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (lc.columnMajor) {
            // C^T (row-major in C's memory) = op(B)^T op(A)^T.
            call(c.dataType(), n, m, k, b, lb, !transposeB, a, la, !transposeA, c, lc, alpha, beta);
        } else {
            call(c.dataType(), m, n, k, a, la, transposeA, b, lb, transposeB, c, lc, alpha, beta);
        }
    }

    /** Nd4j.gemm, which refuses a view as C: then the product goes through a new array. */
    private static void nd4jGemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
                                 double alpha, double beta) {
        if (!c.isView()) {
            Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
            return;
        }
        INDArray product = Nd4j.gemm(a.castTo(c.dataType()), b.castTo(c.dataType()), transposeA, transposeB);
        // BLAS semantics: with beta = 0, C is not read (it may hold NaN).
        INDArray scaled = product.muli(alpha);
        c.assign(beta == 0 ? scaled : scaled.addi(c.mul(beta)));
    }

    /** {@code out = in W + bias} (bias a row vector broadcast over the rows); returns {@code out}. */
    public static INDArray affine(INDArray in, INDArray weights, INDArray bias, INDArray out) {
        Layout lo = Layout.of(out);
        if (direct(in, weights, out) && bias.dataType() == out.dataType() && lo != null && !lo.columnMajor
                && bias.length() == out.columns() && bias.elementWiseStride() == 1) {
            // The bias rows as the GEMM's initial C, written from Java: a broadcast op costs an
            // ND4J dispatch (10-40 us), more than the copy on the VAE's shapes.
            fillRows(out, lo.leading, bias);
            gemm(in, weights, out, false, false, 1.0, 1.0);
            return out;
        }
        nd4jGemm(in, weights, out, false, false, 1.0, 0.0);
        out.addiRowVector(bias);
        return out;
    }

    private static void fillRows(INDArray out, int leading, INDArray bias) {
        int rows = (int) out.rows();
        int cols = (int) out.columns();
        if (out.dataType() == DataType.FLOAT) {
            float[] row = new float[cols];
            HostBuffers.floats(bias, cols).get(0, row);
            java.nio.FloatBuffer target = HostBuffers.floats(out, (long) (rows - 1) * leading + cols);
            for (int r = 0; r < rows; r++) {
                target.put(r * leading, row);
            }
        } else {
            double[] row = new double[cols];
            HostBuffers.doubles(bias, cols).get(0, row);
            java.nio.DoubleBuffer target = HostBuffers.doubles(out, (long) (rows - 1) * leading + cols);
            for (int r = 0; r < rows; r++) {
                target.put(r * leading, row);
            }
        }
    }

    private static void call(DataType type, long m, long n, long k, INDArray a, Layout la, boolean ta, INDArray b,
                             Layout lb, boolean tb, INDArray c, Layout lc, double alpha, double beta) {
        if (m == 1 || n == 1) {
            matrixVector(type, m, n, k, a, la.leading, ta != la.columnMajor, b, lb.leading, tb != lb.columnMajor, c,
                    lc.leading, alpha, beta);
            return;
        }
        int transA = (ta != la.columnMajor) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int transB = (tb != lb.columnMajor) ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, transA, transB, (int) m, (int) n, (int) k,
                    (float) alpha, new FloatPointer(a.data().addressPointer()), la.leading,
                    new FloatPointer(b.data().addressPointer()), lb.leading, (float) beta,
                    new FloatPointer(c.data().addressPointer()), lc.leading);
        } else {
            openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, transA, transB, (int) m, (int) n, (int) k,
                    alpha, new DoublePointer(a.data().addressPointer()), la.leading,
                    new DoublePointer(b.data().addressPointer()), lb.leading, beta,
                    new DoublePointer(c.data().addressPointer()), lc.leading);
        }
    }

    /**
     * A product with one row or one column (every column sum of the training engine, ones^T delta)
     * as the matrix-vector product it is: OpenBLAS's sgemm on a 1 x 128 x 784 product took 70 us,
     * its sgemv 6 (one core, this project's VM). Operands as {@link #call} sees them: row-major
     * with leading dimensions, {@code aT}/{@code bT} saying whether the stored matrix is op's
     * transpose. With m = 1, c's row = alpha x op(B) + beta c, x = op(A)'s row (stride lda when A
     * is stored as a column); with n = 1, c's column (stride ldc) = alpha op(A) x + beta c, x =
     * op(B)'s column.
     */
    private static void matrixVector(DataType type, long m, long n, long k, INDArray a, int lda, boolean aT,
                                     INDArray b, int ldb, boolean bT, INDArray c, int ldc, double alpha, double beta) {
        INDArray matrix;
        INDArray vector;
        int order;
        int rows;
        int cols;
        int ld;
        int incX;
        int incY;
        if (m == 1) {
            matrix = b;
            ld = ldb;
            order = bT ? openblas_nolapack.CblasNoTrans : openblas_nolapack.CblasTrans;
            rows = (int) (bT ? n : k);
            cols = (int) (bT ? k : n);
            vector = a;
            incX = aT ? lda : 1;
            incY = 1;
        } else {
            matrix = a;
            ld = lda;
            order = aT ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
            rows = (int) (aT ? k : m);
            cols = (int) (aT ? m : k);
            vector = b;
            incX = bT ? 1 : ldb;
            incY = ldc;
        }
        int length = (int) (m == 1 ? n : m);
        if (beta == 0) {
            // BLAS semantics: with beta = 0, y is not read (it may hold NaN); written explicitly.
            zero(c, length, incY);
        }
        if (type == DataType.FLOAT) {
            openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor, order, rows, cols, (float) alpha,
                    new FloatPointer(matrix.data().addressPointer()), ld,
                    new FloatPointer(vector.data().addressPointer()), incX, (float) beta,
                    new FloatPointer(c.data().addressPointer()), incY);
        } else {
            openblas_nolapack.cblas_dgemv(openblas_nolapack.CblasRowMajor, order, rows, cols, alpha,
                    new DoublePointer(matrix.data().addressPointer()), ld,
                    new DoublePointer(vector.data().addressPointer()), incX, beta,
                    new DoublePointer(c.data().addressPointer()), incY);
        }
    }

    private static void zero(INDArray c, int length, int stride) {
        long span = (long) (length - 1) * stride + 1;
        if (c.dataType() == DataType.FLOAT) {
            java.nio.FloatBuffer y = HostBuffers.floats(c, span);
            for (int i = 0; i < length; i++) {
                y.put(i * stride, 0f);
            }
        } else {
            java.nio.DoubleBuffer y = HostBuffers.doubles(c, span);
            for (int i = 0; i < length; i++) {
                y.put(i * stride, 0d);
            }
        }
    }

    private static boolean direct(INDArray a, INDArray b, INDArray c) {
        DataType type = c.dataType();
        return (type == DataType.FLOAT || type == DataType.DOUBLE) && a.dataType() == type && b.dataType() == type
                && a.rank() == 2 && b.rank() == 2 && c.rank() == 2 && directAllowed();
    }

    /** Whether the direct path may run in this process now (host memory, the preset loads, not switched off). */
    public static boolean directAllowed() {
        if ("nd4j".equals(System.getProperty("vae4j.gemm"))) {
            return false;
        }
        if (ArrayMemory.current() != ArrayMemory.HOST) {
            return false;
        }
        Boolean available = blasAvailable;
        if (available == null) {
            synchronized (Gemm.class) {
                if (blasAvailable == null) {
                    blasAvailable = loadBlas();
                    if (blasAvailable) {
                        // vae4j's threads run its GEMMs: every core by default, whatever
                        // OMP_NUM_THREADS tells ND4J's element-wise ops (the launcher keeps those on
                        // one thread on 2 cores). This is JavaCPP's OpenBLAS instance
                        // (libopenblas_nolapack), not the one ND4J's BLAS calls (libopenblas): it
                        // read OMP_NUM_THREADS when it loaded, and ND4J's setMaxThreads does not
                        // reach it, so its threads are set here.
                        setThreads(Vae4jThreads.threads());
                    }
                }
                available = blasAvailable;
            }
        }
        return available;
    }

    private static boolean loadBlas() {
        try {
            // Loads JavaCPP's binding of the OpenBLAS that ND4J's CPU backend already loaded.
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, 1, 1, 1, 1f, new float[] {2}, 1, new float[] {3}, 1, 0f,
                    new float[1], 1);
            ComputePaths.chose(COMPONENT, DIRECT_PATH, "host memory, org.bytedeco.openblas on the class path, up to "
                    + Vae4jThreads.threads() + " BLAS threads");
            return true;
        } catch (Throwable e) {
            ComputePaths.chose(COMPONENT, ND4J_PATH, "OpenBLAS preset unavailable: " + e);
            LOG.debug("OpenBLAS preset unavailable", e);
            return false;
        }
    }

    /** The most BLAS threads a direct GEMM may use (1 when the direct path is not in use). */
    public static int threads() {
        if (!directAllowed()) {
            return 1;
        }
        synchronized (Gemm.class) {
            return maxThreads;
        }
    }

    /**
     * Sets the most BLAS threads a direct GEMM may use: {@code SingleThreadedNativeOps} sets 1
     * while vae4j's threads each run their own GEMMs, and restores the number after.
     */
    public static synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("Gemm threads must be >= 1, got " + threads);
        }
        maxThreads = threads;
        apply();
    }

    /**
     * Tells Gemm the size of the GEMMs to come (m n k of the typical one, e.g. minibatch rows times
     * the largest layer's inputs times outputs): below {@link #PARALLEL_MIN_MULTIPLY_ADDS} they run
     * on one BLAS thread, else on {@link #threads()}. Cheap when nothing changes.
     */
    public static synchronized void useThreadsFor(long multiplyAdds) {
        typicalMultiplyAdds = multiplyAdds;
        apply();
    }

    private static void apply() {
        if (blasAvailable != Boolean.TRUE) {
            return;
        }
        int wanted = typicalMultiplyAdds >= PARALLEL_MIN_MULTIPLY_ADDS ? maxThreads : 1;
        if (wanted != threadsNow) {
            openblas_nolapack.blas_set_num_threads(wanted);
            threadsNow = wanted;
        }
    }

    private static String shape(INDArray x) {
        return java.util.Arrays.toString(x.shape());
    }

    /**
     * A 2-D array's memory as a row-major (or column-major) matrix with leading dimension
     * {@code leading}, in elements; null when its strides describe neither.
     */
    private record Layout(boolean columnMajor, int leading) {
        static Layout of(INDArray x) {
            if (x.rank() != 2) {
                return null;
            }
            long rows = x.rows();
            long cols = x.columns();
            long s0 = x.stride(0);
            long s1 = x.stride(1);
            if ((s1 == 1 || cols == 1) && (rows == 1 || s0 >= cols)) {
                return new Layout(false, (int) Math.max(1, rows == 1 ? cols : s0));
            }
            if ((s0 == 1 || rows == 1) && (cols == 1 || s1 >= rows)) {
                return new Layout(true, (int) Math.max(1, cols == 1 ? rows : s1));
            }
            return null;
        }
    }
}
