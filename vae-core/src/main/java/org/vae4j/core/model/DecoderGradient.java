package org.vae4j.core.model;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.backend.Gemm;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.ComputePaths;
import org.vae4j.core.backend.HostTransfer;
import org.vae4j.core.distribution.ConditionalReconstructionDistribution;
import org.vae4j.core.distribution.ExactDensities;
import org.vae4j.core.distribution.LogitBernoulliKernel;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;

/**
 * log p(x|z) and its gradient with respect to z, d log p(x|z) / dz, for many rows at once: what a
 * sampler in latent space (Hamiltonian Monte Carlo inside annealed importance sampling) needs and
 * the training engine never computes (it stops at the parameters).
 *
 * <p>Forward: {@link VaeForward}'s decoder pass with {@link VaeParameters}' weights, into buffers
 * allocated once for {@code maxRows} rows; every hidden layer's pre-activation is kept. Density:
 * {@code exampleNegLogProbability} of the distribution {@link ExactDensities} assigns (so DL4J's
 * sigmoid Bernoulli is the exact logit Bernoulli, as everywhere in vae4j). Backward: the
 * distribution's {@code gradient(x, preOutput)} (of -log p with respect to its pre-output), then
 * through the output layer and each hidden layer with the layer's own DL4J
 * {@link IActivation#backprop}: one GEMM per layer with the transposed weights. All rows go
 * through one GEMM per layer, so many chains of many examples cost one pass.
 *
 * <p>The logit Bernoulli (vae4j's, or DL4J's sigmoid Bernoulli) runs {@link LogitBernoulliKernel},
 * vae4j's one implementation of that density, on this class's buffers (host memory only): one
 * native exp op, then the kernel per row on heap copies, split over vae4j's threads, which writes
 * log p(x|a) and the gradient x - sigmoid(a) in place of exp(-|a|). It refuses data outside [0, 1]
 * with its one message (the row is the row of {@code x}) or clamps it, as the distribution says.
 * On device memory the distribution's own methods run, which use the same kernel on host copies.
 *
 * <p>Precision: the pass runs in the model's data type; the results are widened to double. The
 * weights are views of the layer's parameters at construction: build one per evaluation (and
 * again if the parameters are replaced). Not thread-safe; holds native buffers, hence
 * {@link AutoCloseable}.
 */
public final class DecoderGradient implements AutoCloseable {

    private static final String WORKSPACE_ID = "vae4j-decoder-gradient";

    /** {@link ComputePaths} component of this class, and its paths. */
    public static final String COMPONENT = "decoder gradient d log p(x|z)/dz";
    public static final String CLOSED_FORM = "logit-Bernoulli closed form on host memory";
    public static final String DISTRIBUTION_OPS = "the distribution's ND4J ops";

    private final DataType type;
    private final int latent;
    /**
     * A conditional VAE's condition width: the decoder reads [z | c], and the gradient is the one
     * with respect to z, the first {@code latent} columns; 0 for an unconditional VAE.
     */
    private final int conditionSize;
    private final int layerLatent;
    /** Rows [z | c] (and their gradient) on the heap, for a conditional VAE; else null. */
    private final double[] packed;
    private final int maxRows;
    private final IActivation activation;
    private final ReconstructionDistribution density;
    private final VaeParameters parameters;
    private final VaeForward forward;
    private final INDArray latentBuffer;
    private final List<INDArray> activationBuffers = new ArrayList<>();
    private final List<INDArray> preActivationBuffers = new ArrayList<>();
    private final List<INDArray> epsilonBuffers = new ArrayList<>();
    private final INDArray preOutputBuffer;
    /** Logit Bernoulli only: exp(pre-output), then d log p / d(pre-output) from the kernel. */
    private final INDArray preOutputGradientBuffer;
    private final boolean logitBernoulli;
    private final boolean clampData;
    private final INDArray latentGradientBuffer;
    private final Map<Integer, Views> views = new HashMap<>();
    private Views current;

    /** Buffers for passes of up to {@code maxRows} rows. */
    public DecoderGradient(VaeModel model, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("DecoderGradient: maxRows must be >= 1, got " + maxRows);
        }
        var conf = (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) model.layer().conf()
                .getLayer();
        this.type = model.dataType();
        this.latent = model.config().latentSize();
        this.conditionSize = model.config().conditionSize();
        this.layerLatent = latent + conditionSize;
        this.packed = conditionSize > 0 ? new double[Math.multiplyExact(maxRows, layerLatent)] : null;
        this.maxRows = maxRows;
        this.activation = conf.getActivationFn();
        this.density = ExactDensities.densityOf(ConditionalReconstructionDistribution.dataDistribution(
                conf.getOutputDistribution()));
        String hostLoops = ArrayMemory.hostLoopsRefused();
        this.logitBernoulli = ExactDensities.isLogitBernoulli(density)
                && (type == DataType.FLOAT || type == DataType.DOUBLE) && hostLoops == null;
        this.clampData = ExactDensities.isLogitBernoulli(density)
                && ((LogitBernoulliReconstructionDistribution) density).isClampData();
        if (logitBernoulli) {
            ComputePaths.chose(COMPONENT, CLOSED_FORM, "logit Bernoulli, host memory, " + type);
        } else {
            ComputePaths.chose(COMPONENT, DISTRIBUTION_OPS, hostLoops != null ? hostLoops
                    : density.getClass().getSimpleName() + ", " + type);
        }
        this.parameters = VaeParameters.of(model.layer());
        this.forward = new VaeForward(model.layer(), this::activateKeepingPreActivation);
        int distributionInputs = density.distributionInputSize(model.config().inputSize());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            latentBuffer = Nd4j.create(type, maxRows, layerLatent);
            for (VaeParameters.Affine layer : parameters.decoder()) {
                activationBuffers.add(Nd4j.create(type, maxRows, layer.outputs()));
                preActivationBuffers.add(Nd4j.create(type, maxRows, layer.outputs()));
                epsilonBuffers.add(Nd4j.create(type, maxRows, layer.outputs()));
            }
            preOutputBuffer = Nd4j.create(type, maxRows, distributionInputs);
            preOutputGradientBuffer = logitBernoulli ? Nd4j.create(type, maxRows, distributionInputs) : null;
            latentGradientBuffer = Nd4j.create(type, maxRows, layerLatent);
        }
    }

    public int maxRows() {
        return maxRows;
    }

    /**
     * log p(x_r | z_r) and d log p(x_r | z_r) / dz_r for rows r = 0 .. rows - 1.
     *
     * @param x             data, [rows, inputSize], in the model's data type (row r goes with z_r)
     * @param z             row-major [rows, latentSize] latent values
     * @param rows          rows of this pass, at most {@link #maxRows()}
     * @param logLikelihood receives log p(x_r | z_r), nats, {@code rows} values
     * @param gradient      receives the gradient, row-major [rows, latentSize]
     */
    public void compute(INDArray x, double[] z, int rows, double[] logLikelihood, double[] gradient) {
        if (conditionSize > 0) {
            throw new IllegalArgumentException("DecoderGradient: the model is a conditional VAE (conditionSize = "
                    + conditionSize + "): give the condition of each row");
        }
        compute(x, null, z, rows, logLikelihood, gradient);
    }

    /**
     * A conditional VAE's log p(x_r | z_r, c_r) and d log p(x_r | z_r, c_r) / dz_r, as
     * {@link #compute(INDArray, double[], int, double[], double[])}.
     *
     * @param condition row-major [rows, conditionSize] condition values (null for an unconditional VAE)
     */
    public void compute(INDArray x, double[] condition, double[] z, int rows, double[] logLikelihood,
                        double[] gradient) {
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("DecoderGradient: rows must be 1 to " + maxRows + ", got " + rows);
        }
        if (x.rows() != rows) {
            throw new IllegalArgumentException("DecoderGradient: x has " + x.rows() + " rows for " + rows + " rows of z");
        }
        current = views.computeIfAbsent(rows, Views::new);
        if (conditionSize == 0) {
            HostTransfer.write(z, 0, rows * latent, current.latent, 0);
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(z, r * latent, packed, r * layerLatent, latent);
                System.arraycopy(condition, r * conditionSize, packed, r * layerLatent + latent, conditionSize);
            }
            HostTransfer.write(packed, 0, rows * layerLatent, current.latent, 0);
        }
        try (MemoryWorkspace ignored = RepeatedPassWorkspace.open(WORKSPACE_ID)) {
            INDArray preOutput = forward.decoderPreOutput(current.latent, parameters, current);
            INDArray delta;
            double alpha;
            if (logitBernoulli) {
                bernoulliLogits(x, preOutput, rows, logLikelihood);
                delta = current.preOutputGradient;
                alpha = 1.0;
            } else {
                INDArray negLogP = density.exampleNegLogProbability(x, preOutput);
                double[] values = negLogP.castTo(DataType.DOUBLE).dup('c').data().asDouble();
                for (int r = 0; r < rows; r++) {
                    logLikelihood[r] = -values[r];
                }
                // d(-log p)/d(pre-output); alpha = -1 turns every later GEMM's result into d log p/d(.).
                delta = density.gradient(x, preOutput);
                alpha = -1.0;
            }
            VaeParameters.Affine layer = parameters.output();
            for (int i = parameters.decoder().size() - 1; i >= 0; i--) {
                INDArray epsilon = current.epsilon.get(i);
                Gemm.gemm(delta, layer.weights(), epsilon, false, true, alpha, 0.0);
                // backprop may overwrite its input: it gets the kept copy of the pre-activation.
                delta = activation.backprop(current.preActivation.get(i), epsilon).getFirst();
                alpha = 1.0;
                layer = parameters.decoder().get(i);
            }
            Gemm.gemm(delta, layer.weights(), current.latentGradient, false, true, alpha, 0.0);
        }
        if (conditionSize == 0) {
            HostTransfer.read(current.latentGradient, rows * latent, gradient);
            return;
        }
        HostTransfer.read(current.latentGradient, rows * layerLatent, packed);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(packed, r * layerLatent, gradient, r * latent, latent);
        }
    }

    /**
     * The logit Bernoulli by {@link LogitBernoulliKernel} into {@code logLikelihood} and
     * {@code current.preOutputGradient} (d log p / d pre-output): e = exp(-|a|) by native ops into
     * the gradient buffer, then per row the kernel on heap copies (split over vae4j's threads).
     * Data outside [0, 1] is refused with the kernel's message (row = row of {@code x}) or clamped.
     */
    private void bernoulliLogits(INDArray x, INDArray preOutput, int rows, double[] logLikelihood) {
        INDArray data = x.dataType() == type && x.ordering() == 'c' && x.elementWiseStride() == 1 ? x
                : x.castTo(type).dup('c');
        INDArray gradientView = current.preOutputGradient;
        LogitBernoulliKernel.expNegativeAbs(preOutput, gradientView);
        int width = (int) preOutput.columns();
        int parts = Math.min(rows, Vae4jThreads.threads());
        Vae4jThreads.forEachPart(parts, part -> {
            int first = (int) ((long) rows * part / parts);
            int end = (int) ((long) rows * (part + 1) / parts);
            LogitBernoulliKernel kernel = new LogitBernoulliKernel(clampData);
            if (type == DataType.FLOAT) {
                bernoulliRowsFloat(kernel, preOutput, gradientView, data, first, end, width, logLikelihood);
            } else {
                bernoulliRowsDouble(kernel, preOutput, gradientView, data, first, end, width, logLikelihood);
            }
        });
    }

    /** Rows [first, end), FLOAT: per row a, t and x are copied to the heap in bulk; the gradient replaces t. */
    private static void bernoulliRowsFloat(LogitBernoulliKernel kernel, INDArray preOutput, INDArray gradient,
                                           INDArray data, int first, int end, int width, double[] logLikelihood) {
        FloatBuffer a = preOutput.data().asNioFloat();
        FloatBuffer t = gradient.data().asNioFloat();
        FloatBuffer xs = data.data().asNioFloat();
        int dataOffset = (int) data.offset();
        float[] aRow = new float[width];
        float[] tRow = new float[width];
        float[] xRow = new float[width];
        for (int r = first; r < end; r++) {
            a.get(r * width, aRow);
            t.get(r * width, tRow);
            xs.get(dataOffset + r * width, xRow);
            logLikelihood[r] = kernel.logDensity(aRow, xRow, tRow, 0, width, tRow, -1.0, (long) r * width, width);
            t.put(r * width, tRow);
        }
    }

    /** {@link #bernoulliRowsFloat} in DOUBLE. */
    private static void bernoulliRowsDouble(LogitBernoulliKernel kernel, INDArray preOutput, INDArray gradient,
                                            INDArray data, int first, int end, int width, double[] logLikelihood) {
        DoubleBuffer a = preOutput.data().asNioDouble();
        DoubleBuffer t = gradient.data().asNioDouble();
        DoubleBuffer xs = data.data().asNioDouble();
        int dataOffset = (int) data.offset();
        double[] aRow = new double[width];
        double[] tRow = new double[width];
        double[] xRow = new double[width];
        for (int r = first; r < end; r++) {
            a.get(r * width, aRow);
            t.get(r * width, tRow);
            xs.get(dataOffset + r * width, xRow);
            logLikelihood[r] = kernel.logDensity(aRow, xRow, tRow, 0, width, tRow, -1.0, (long) r * width, width);
            t.put(r * width, tRow);
        }
    }

    /** The hidden activation in place, after copying its input (the pre-activation) for the backward pass. */
    private INDArray activateKeepingPreActivation(INDArray a) {
        for (int layer = 0; layer < current.activation.size(); layer++) {
            if (current.activation.get(layer) == a) {   // identity: INDArray.equals compares values
                current.preActivation.get(layer).assign(a);
                return VaeForward.activationInPlace(activation).apply(a);
            }
        }
        throw new IllegalStateException("DecoderGradient: an activation outside its buffers");
    }

    /** Views of the first rows of every buffer, for one row count, as {@link VaeForward}'s outputs. */
    private final class Views implements VaeForward.Outputs {
        final INDArray latent;
        final List<INDArray> activation = new ArrayList<>();
        final List<INDArray> preActivation = new ArrayList<>();
        final List<INDArray> epsilon = new ArrayList<>();
        final INDArray preOutput;
        final INDArray preOutputGradient;
        final INDArray latentGradient;

        Views(int rows) {
            latent = firstRows(latentBuffer, rows);
            for (int i = 0; i < activationBuffers.size(); i++) {
                activation.add(firstRows(activationBuffers.get(i), rows));
                preActivation.add(firstRows(preActivationBuffers.get(i), rows));
                epsilon.add(firstRows(epsilonBuffers.get(i), rows));
            }
            preOutput = firstRows(preOutputBuffer, rows);
            preOutputGradient = preOutputGradientBuffer == null ? null : firstRows(preOutputGradientBuffer, rows);
            latentGradient = firstRows(latentGradientBuffer, rows);
        }

        private INDArray firstRows(INDArray buffer, int rows) {
            return buffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        }

        @Override
        public INDArray array(VaeForward.Role role, int layer, long rows, long width) {
            return switch (role) {
                case DECODER_HIDDEN -> activation.get(layer);
                case PRE_OUTPUT -> preOutput;
                default -> throw new UnsupportedOperationException("DecoderGradient runs the decoder only, not " + role);
            };
        }
    }

    @Override
    public void close() {
        latentBuffer.close();
        activationBuffers.forEach(INDArray::close);
        preActivationBuffers.forEach(INDArray::close);
        epsilonBuffers.forEach(INDArray::close);
        preOutputBuffer.close();
        if (preOutputGradientBuffer != null) {
            preOutputGradientBuffer.close();
        }
        latentGradientBuffer.close();
    }
}
