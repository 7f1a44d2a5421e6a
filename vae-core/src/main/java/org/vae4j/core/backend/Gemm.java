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
            available = loadBlas();
            blasAvailable = available;
        }
        return available;
    }

    private static boolean loadBlas() {
        try {
            // Loads JavaCPP's binding of the OpenBLAS that ND4J's CPU backend already loaded.
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, openblas_nolapack.CblasNoTrans,
                    openblas_nolapack.CblasNoTrans, 1, 1, 1, 1f, new float[] {2}, 1, new float[] {3}, 1, 0f,
                    new float[1], 1);
            // vae4j's threads run its GEMMs: every core by default, whatever OMP_NUM_THREADS tells
            // ND4J's element-wise ops (on 2 cores the launcher keeps those on one thread).
            int threads = Vae4jThreads.threads();
            Nd4j.factory().blas().setMaxThreads(threads);
            ComputePaths.chose(COMPONENT, DIRECT_PATH, "host memory, org.bytedeco.openblas on the class path, "
                    + threads + " BLAS threads");
            return true;
        } catch (Throwable e) {
            ComputePaths.chose(COMPONENT, ND4J_PATH, "OpenBLAS preset unavailable: " + e);
            LOG.debug("OpenBLAS preset unavailable", e);
            return false;
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
