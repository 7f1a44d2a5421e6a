package org.vae4j.eval.estimate;

import java.nio.FloatBuffer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.model.VaeModel;

/**
 * log p(x|z) for vae4j's logit-Bernoulli decoder with as little element-wise work as the density
 * allows. The logits a = [h | 1] [[W], [b]] ({@link BiasFoldedDecoder}; h the last hidden layer)
 * are the only [rows, inputSize] array, and every buffer is sized for the largest chunk once and
 * reused.
 *
 * <p>Binary data, FLOAT model (the MNIST case): with t = exp(a), one ND4J pass in place,
 * <pre>
 *   log p(x|z) = sum_{d: x_d = 1} a_d - sum_d softplus(a_d) = log prod_{x_d = 1} t_d - log prod_d (1 + t_d)
 * </pre>
 * and both products are taken in Java in double ({@link LogProducts}), split over the cores: one
 * transcendental pass per element instead of the two of log1p(exp(a)), no replicated data block,
 * no row-sum reduction. It is also the more accurate form: a confident correct pixel contributes
 * log(t / (1 + t)) with the same rounding of t in both factors, so nothing cancels.
 *
 * <p>Other data in [0, 1], or a DOUBLE model: the data enters only through
 * W' x = [W x ; b . x], computed once per example, as
 * <pre>
 *   log p(x|z) = [h | 1] . (W' x) - sum_d softplus(a_d)
 * </pre>
 * so per sample x . a is one dot product (a GEMV per example) and softplus = log1p(exp(a)) is
 * summed by a GEMV with a ones vector (ND4J's row-sum reductions are ~10x slower than BLAS there).
 * Here x . a and sum softplus(a) are both about sum_d |a_d| on confident pixels, so the difference
 * carries an absolute rounding error of about eps * sum_d |a_d| (~1e-4 nats for a FLOAT MNIST
 * model, ~1e-13 in DOUBLE).
 *
 * <p>Exactness: exp(a) is +infinity beyond 88.7 in FLOAT (709.8 in DOUBLE), and a FLOAT exp(a)
 * below 2^-126 has lost relative precision; rows where either matters come out infinite or NaN and
 * are recomputed through the distribution's own exact path, in one batch per chunk, so a saturated
 * logit costs time, never a wrong number. (ND4J's softplus op computes log(1 + exp(a)), which loses
 * e^a below a = -17 in FLOAT and overflows the same way; it is not used.) A block with data
 * outside [0, 1] goes to the distribution's path, which rejects or clamps it as configured.
 */
final class LogitBernoulliChunkLogLikelihood implements ChunkLogLikelihood {


    private final DistributionChunkLogLikelihood exact;
    private final boolean binaryProductsAllowed;
    private final DataType type;
    private final int latent;
    private final int inputSize;
    private final int maxExamples;
    private final int maxSamples;
    private final BiasFoldedDecoder decoder;

    // For the inner-product form only; allocated on first use.
    private INDArray weightedDataBuffer;
    private INDArray dataDotBuffer;
    private INDArray softplusSumBuffer;
    private INDArray ones;
    private double[] dataDot;
    private double[] softplusSum;

    private final INDArray data;
    /** Per example: {@link #BINARY}, {@link #UNIT_INTERVAL} or {@link #OUTSIDE}. */
    private final byte[] kind;
    /** Per example with binary data (FLOAT with products only): the columns where x is 1. */
    private final int[][] onColumns;
    private static final byte BINARY = 0;
    private static final byte UNIT_INTERVAL = 1;
    private static final byte OUTSIDE = 2;

    private int first;
    private BlockForm form;
    /** {@link BlockForm#INNER_PRODUCTS}: the block's W' x, [examples, hidden + 1]. */
    private INDArray weightedData;

    /** How the current block's log p(x|z) is computed (see the class documentation). */
    enum BlockForm { BINARY_PRODUCTS, INNER_PRODUCTS, DISTRIBUTION }

    LogitBernoulliChunkLogLikelihood(VaeModel model, INDArray data, int maxExamples, int maxSamples,
                                     DistributionChunkLogLikelihood exact) {
        this(model, data, maxExamples, maxSamples, exact, true);
    }

    /**
     * @param data           every example, [examples, inputSize], in the model's data type
     * @param binaryProducts false: binary FLOAT blocks take the inner-product form too (tests, benchmarks)
     */
    LogitBernoulliChunkLogLikelihood(VaeModel model, INDArray data, int maxExamples, int maxSamples,
                                     DistributionChunkLogLikelihood exact, boolean binaryProducts) {
        this.data = data;
        this.exact = exact;
        this.binaryProductsAllowed = binaryProducts;
        this.type = model.dataType();
        this.latent = model.config().latentSize();
        this.inputSize = model.config().inputSize();
        this.maxExamples = maxExamples;
        this.maxSamples = maxSamples;
        this.decoder = new BiasFoldedDecoder(model, (long) maxExamples * maxSamples);
        int n = Math.toIntExact(data.rows());
        this.kind = new byte[n];
        this.onColumns = new int[n][];
        classify(binaryProducts && type == DataType.FLOAT);
    }

    /**
     * Sorts every example once, in Java (per block, even a few small ND4J ops cost milliseconds):
     * binary, in [0, 1] (the identities hold), or outside (the distribution's to reject or clamp).
     */
    private void classify(boolean keepOnColumns) {
        INDArray values = data.isView() || data.ordering() != 'c' || data.data().length() != data.length()
                ? data.dup('c') : data;
        java.nio.DoubleBuffer asDouble = values.dataType() == DataType.DOUBLE ? values.data().asNioDouble() : null;
        FloatBuffer asFloat = asDouble == null ? values.castTo(DataType.FLOAT).data().asNioFloat() : null;
        int[] on = new int[inputSize];
        for (int e = 0; e < kind.length; e++) {
            byte k = BINARY;
            int ones = 0;
            for (int d = 0; d < inputSize; d++) {
                int index = e * inputSize + d;
                double value = asDouble != null ? asDouble.get(index) : asFloat.get(index);
                if (!(value >= 0 && value <= 1)) {
                    k = OUTSIDE;
                    break;
                }
                if (value == 1) {
                    on[ones++] = d;
                } else if (value != 0) {
                    k = UNIT_INTERVAL;
                }
            }
            kind[e] = k;
            if (k == BINARY && keepOnColumns) {
                onColumns[e] = java.util.Arrays.copyOf(on, ones);
            }
        }
    }

    @Override
    public void startBlock(int first, int count) {
        exact.startBlock(first, count);
        this.first = first;
        byte worst = BINARY;
        for (int e = first; e < first + count; e++) {
            worst = (byte) Math.max(worst, kind[e]);
        }
        if (worst == OUTSIDE) {
            form = BlockForm.DISTRIBUTION;
        } else if (worst == BINARY && onColumns[first] != null) {
            form = BlockForm.BINARY_PRODUCTS;
        } else {
            form = BlockForm.INNER_PRODUCTS;
            allocateInnerProductBuffers();
            weightedData = weightedDataBuffer.get(NDArrayIndex.interval(0, count), NDArrayIndex.all());
            INDArray x = data.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all());
            Nd4j.gemm(x, decoder.outputWeights(), weightedData, false, true, 1.0, 0.0);   // [b, hidden + 1] = x W'^T
        }
    }

    /** The current block's form (for tests). */
    BlockForm form() {
        return form;
    }

    @Override
    public void compute(double[] z, int examples, int samples, double[] logLikelihood) {
        if (examples > maxExamples || samples > maxSamples) {
            throw new IllegalStateException("chunk of " + examples + " x " + samples + " exceeds the buffers' "
                    + maxExamples + " x " + maxSamples);
        }
        if (form == BlockForm.DISTRIBUTION) {
            exact.compute(z, examples, samples, logLikelihood);
            return;
        }
        int rows = examples * samples;
        INDArray logits = decoder.logits(z, rows);
        if (form == BlockForm.BINARY_PRODUCTS) {
            binaryProducts(logits, examples, samples, logLikelihood);
        } else {
            innerProducts(logits, examples, samples, logLikelihood);
        }
        int saturated = 0;
        for (int row = 0; row < rows; row++) {
            saturated += Double.isFinite(logLikelihood[row]) ? 0 : 1;
        }
        if (saturated > 0) {
            recomputeExactly(z, samples, rows, saturated, logLikelihood);
        }
    }

    private void binaryProducts(INDArray logits, int examples, int samples, double[] logLikelihood) {
        Transforms.exp(logits, false);
        FloatBuffer t = decoder.logitBuffer().data().asNioFloat();
        int rows = examples * samples;
        // Plain Java: split the rows over vae4j's threads (ND4J's passes use the cores too, not at the same time).
        int parts = Math.min(rows, Vae4jThreads.threads());
        Vae4jThreads.forEachPart(parts, part -> {
            float[] row = new float[inputSize];
            int end = (int) ((long) rows * (part + 1) / parts);
            for (int r = (int) ((long) rows * part / parts); r < end; r++) {
                t.get(r * inputSize, row);
                logLikelihood[r] = LogProducts.sumLog(row, onColumns[first + r / samples])
                        - LogProducts.sumLogOnePlus(row, inputSize);
            }
        });
    }

    private void innerProducts(INDArray logits, int examples, int samples, double[] logLikelihood) {
        int rows = examples * samples;
        INDArray hidden = decoder.lastHidden(rows);
        INDArray dataDotRows = dataDotBuffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        for (int e = 0; e < examples; e++) {
            // [h | 1] . (W' x_e) for the samples of example e: a GEMV with that example's W' x.
            INDArrayIndex samplesOfExample = NDArrayIndex.interval((long) e * samples, (long) (e + 1) * samples);
            Nd4j.gemm(hidden.get(samplesOfExample, NDArrayIndex.all()), weightedData.getRow(e, true),
                    dataDotRows.get(samplesOfExample, NDArrayIndex.all()), false, true, 1.0, 0.0);
        }
        Transforms.log1p(Transforms.exp(logits, false), false);
        INDArray softplusRows = softplusSumBuffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        Nd4j.gemm(logits, ones, softplusRows, false, false, 1.0, 0.0);
        read(dataDotBuffer, dataDot, rows);
        read(softplusSumBuffer, softplusSum, rows);
        for (int row = 0; row < rows; row++) {
            logLikelihood[row] = dataDot[row] - softplusSum[row];
        }
    }

    /** Rows that came out infinite or NaN, through the distribution's own path in one pass. */
    private void recomputeExactly(double[] z, int samples, int rows, int count, double[] logLikelihood) {
        int[] which = new int[count];
        int[] exampleOfRow = new int[count];   // index into the data set
        double[][] zRows = new double[count][];
        int n = 0;
        for (int row = 0; row < rows; row++) {
            if (!Double.isFinite(logLikelihood[row])) {
                which[n] = row;
                exampleOfRow[n] = first + row / samples;
                zRows[n] = java.util.Arrays.copyOfRange(z, row * latent, (row + 1) * latent);
                n++;
            }
        }
        double[] values = exact.logLikelihood(data.getRows(exampleOfRow), Nd4j.createFromArray(zRows).castTo(type));
        for (int i = 0; i < count; i++) {
            logLikelihood[which[i]] = values[i];
        }
    }

    private void allocateInnerProductBuffers() {
        if (weightedDataBuffer != null) {
            return;
        }
        long rows = (long) maxExamples * maxSamples;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            weightedDataBuffer = Nd4j.create(type, maxExamples, decoder.outputWeights().rows());
            dataDotBuffer = Nd4j.create(type, rows, 1);
            softplusSumBuffer = Nd4j.create(type, rows, 1);
            ones = Nd4j.ones(type, inputSize, 1);
        }
        dataDot = new double[Math.toIntExact(rows)];
        softplusSum = new double[Math.toIntExact(rows)];
    }

    /** The first {@code rows} values of a [rows, 1] buffer into {@code out}, widened to double. */
    private void read(INDArray buffer, double[] out, int rows) {
        if (type == DataType.FLOAT) {
            FloatBuffer values = buffer.data().asNioFloat();
            for (int i = 0; i < rows; i++) {
                out[i] = values.get(i);
            }
        } else {
            buffer.data().asNioDouble().get(out, 0, rows);
        }
    }

    @Override
    public void close() {
        exact.close();
        decoder.close();
        if (weightedDataBuffer != null) {
            weightedDataBuffer.close();
            dataDotBuffer.close();
            softplusSumBuffer.close();
            ones.close();
        }
    }
}
