package org.vae4j.eval.estimate;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.backend.FloatMath;
import org.vae4j.core.backend.Gemm;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.model.VaeParameters;

/**
 * The decoder pass of {@code VaeForward.decoderPreOutput}, built from the same
 * {@link VaeParameters}, on preallocated
 * buffers, with every bias folded into its GEMM: each layer's input carries a trailing column of
 * ones and each weight matrix a trailing row holding the bias,
 * <pre>
 *   [h | 1] [[W, 0], [b, 1]] = [h W + b | 1]
 * </pre>
 * so no separate bias pass runs over the [rows, width] activations (one pass over the logits costs
 * about a tenth of their GEMM here) and the next layer's ones column comes out of the GEMM itself.
 * An activation that does not map 1 to 1 (tanh, sigmoid) gets its ones column written back.
 *
 * <p>FLOAT tanh and sigmoid layers are activated on heap blocks by {@link FloatMath} (tanh as one
 * vectorized rational function). In DOUBLE, which goes through ND4J's activations, tanh runs as a
 * sigmoid, tanh(u) = 2 sigmoid(2u) - 1, with both affine maps folded into the
 * weights: the layer's weights and bias are doubled, and the next layer, which receives
 * s = sigmoid(2u) instead of h = 2s - 1, takes [[2 W], [b - 1^T W]] since h W + b = s (2 W) + b - 1^T W.
 * ND4J's tanh costs about twice its sigmoid per element (it goes through powf). Rounding: 2s - 1 is
 * implied with s's absolute error (half an ulp of 1), the same order as the GEMM's own rounding.
 *
 * <p>Buffers are sized for {@code maxRows} once; a pass over fewer rows works on views of their
 * first rows. The weights are copied when this is built: build one per evaluation.
 */
final class BiasFoldedDecoder implements AutoCloseable {

    /** Values per heap block of a hidden layer's sigmoid (at least one row of the widest layer). */
    private static final int HEAP_BLOCK = 4096;

    private final DataType type;
    private final int latent;
    /** The activation the buffers see: the layer's own, or sigmoid for tanh (see the class documentation). */
    private final IActivation activation;
    private final boolean activationKeepsOne;
    /** [[W_i, 0], [b_i, 1]] per hidden layer, then [[W], [b]] for the output (pre-output) layer. */
    private final List<INDArray> augmentedWeights = new ArrayList<>();
    private final INDArray latentBuffer;
    private final List<INDArray> hiddenBuffers = new ArrayList<>();
    private final INDArray preOutputBuffer;
    private final float[] latentFloat;
    private final double[] latentDouble;
    private final Map<Integer, Views> views = new HashMap<>();
    /**
     * FLOAT with a tanh or sigmoid: each hidden layer's activation runs on heap blocks through
     * {@link FloatMath}, about a fifth of ND4J's native pass per value (JFR, the tabular benchmark's
     * evaluation); null otherwise.
     */
    private final FloatMath heapMath;
    private final boolean heapTanh;
    private final float[] heapBlock;

    BiasFoldedDecoder(VaeModel model, long maxRows) {
        VariationalAutoencoder conf = (VariationalAutoencoder) model.layer().conf().getLayer();
        this.type = model.dataType();
        this.latent = model.config().networkLatentSize();   // a conditional VAE's rows are [z | c]
        boolean tanh = conf.getActivationFn() instanceof ActivationTanH;
        boolean tanhAsSigmoid = tanh && type != DataType.FLOAT;
        this.activation = tanhAsSigmoid ? new ActivationSigmoid() : conf.getActivationFn();
        int[] sizes = conf.getDecoderLayerSizes();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            VaeParameters parameters = VaeParameters.of(model.layer());
            for (int i = 0; i < sizes.length; i++) {
                augmentedWeights.add(augmented(parameters.decoder().get(i), true, tanhAsSigmoid && i > 0,
                        tanhAsSigmoid ? 2 : 1));
            }
            augmentedWeights.add(augmented(parameters.output(), false, tanhAsSigmoid, 1));
            latentBuffer = Nd4j.ones(type, maxRows, latent + 1);
            for (int size : sizes) {
                hiddenBuffers.add(Nd4j.create(type, maxRows, size + 1));
            }
            // The distribution's pre-output: inputSize logits for a Bernoulli, k * inputSize for k parameters per value.
            preOutputBuffer = Nd4j.create(type, maxRows, parameters.output().outputs());
            INDArray one = Nd4j.ones(type, 1, 1);
            this.activationKeepsOne = activation.getActivation(one, false).getDouble(0) == 1.0;
        }
        boolean onHeap = type == DataType.FLOAT && (tanh || activation instanceof ActivationSigmoid);
        int block = HEAP_BLOCK;
        for (int size : sizes) {
            block = Math.max(block, size + 1);   // at least one whole row
        }
        this.heapMath = onHeap ? new FloatMath(block) : null;
        this.heapTanh = tanh;
        this.heapBlock = onHeap ? new float[block] : null;
        int latentValues = Math.toIntExact(maxRows * (latent + 1));
        this.latentFloat = type == DataType.FLOAT ? new float[latentValues] : null;
        this.latentDouble = type == DataType.FLOAT ? null : new double[latentValues];
    }

    /**
     * [[W, 0], [b, 1]] (with {@code onesColumn}) or [[W], [b]] for W [in, out] and b with out values;
     * with {@code inputFromSigmoid}, W and b become 2 W and b - 1^T W (the input is s where the layer
     * expects 2s - 1); then both are multiplied by {@code outputScale}.
     */
    private INDArray augmented(VaeParameters.Affine layer, boolean onesColumn, boolean inputFromSigmoid,
                               double outputScale) {
        int in = Math.toIntExact(layer.inputs());
        int out = Math.toIntExact(layer.outputs());
        INDArray w = layer.weights().castTo(type).dup('c');
        INDArray b = layer.bias().castTo(type).reshape(1, out).dup('c');
        if (inputFromSigmoid) {
            b.subi(w.sum(true, 0));
            w.muli(2.0);
        }
        INDArray result = Nd4j.zeros(type, in + 1, onesColumn ? out + 1 : out);
        result.get(NDArrayIndex.interval(0, in), NDArrayIndex.interval(0, out)).assign(w.muli(outputScale));
        result.get(NDArrayIndex.interval(in, in + 1), NDArrayIndex.interval(0, out)).assign(b.muli(outputScale));
        if (onesColumn) {
            result.putScalar(in, out, 1.0);
        }
        return result;
    }

    /**
     * The distribution's pre-output of {@code rows} latent rows, [rows, parameters] (a Bernoulli's
     * logits): a view of a reused buffer, valid until the next call.
     *
     * @param z row-major [rows, latentSize] values
     */
    INDArray preOutput(double[] z, int rows) {
        Views v = views.computeIfAbsent(rows, Views::new);
        putLatent(z, rows);
        INDArray h = v.latent;
        for (int i = 0; i < v.hidden.size(); i++) {
            INDArray next = v.hidden.get(i);
            Gemm.gemm(h, augmentedWeights.get(i), next, false, false, 1.0, 0.0);
            if (heapMath != null) {
                activateOnHeap(hiddenBuffers.get(i), rows, (int) next.columns());
            } else {
                INDArray activated = activation.getActivation(next, false);
                if (activated != next) {
                    next.assign(activated);   // DL4J's activations work in place; a custom one may not
                }
                if (!activationKeepsOne) {
                    v.onesColumns.get(i).assign(1.0);
                }
            }
            h = next;
        }
        Gemm.gemm(h, outputWeights(), v.preOutput, false, false, 1.0, 0.0);
        return v.preOutput;
    }

    /**
     * The first {@code rows} rows of a hidden buffer through the tanh or sigmoid, in heap blocks of whole
     * rows (cache-sized), each row's ones column restored.
     */
    private void activateOnHeap(INDArray buffer, int rows, int width) {
        FloatBuffer values = buffer.data().asNioFloat();
        int rowsPerBlock = heapBlock.length / width;
        for (int first = 0; first < rows; first += rowsPerBlock) {
            int n = Math.min(rowsPerBlock, rows - first) * width;
            int offset = first * width;
            values.get(offset, heapBlock, 0, n);
            if (heapTanh) {
                heapMath.tanh(heapBlock, n, heapBlock);
            } else {
                heapMath.sigmoid(heapBlock, n);
            }
            for (int i = width - 1; i < n; i += width) {
                heapBlock[i] = 1f;
            }
            values.put(offset, heapBlock, 0, n);
        }
    }

    /** [[W], [b]]: [hidden + 1, parameters], the output layer with its bias row. */
    private INDArray outputWeights() {
        return augmentedWeights.get(augmentedWeights.size() - 1);
    }

    /** The whole pre-output buffer: row r of every pass starts at r * parameters. */
    INDArray preOutputBuffer() {
        return preOutputBuffer;
    }

    /** z into the first {@code latentSize} columns of each row; the ones column stays as allocated. */
    private void putLatent(double[] z, int rows) {
        int width = latent + 1;
        if (type == DataType.FLOAT) {
            for (int r = 0; r < rows; r++) {
                for (int u = 0; u < latent; u++) {
                    latentFloat[r * width + u] = (float) z[r * latent + u];
                }
                latentFloat[r * width + latent] = 1f;
            }
            latentBuffer.data().asNioFloat().put(latentFloat, 0, rows * width);
        } else {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(z, r * latent, latentDouble, r * width, latent);
                latentDouble[r * width + latent] = 1.0;
            }
            latentBuffer.data().asNioDouble().put(latentDouble, 0, rows * width);
        }
    }

    /** Views of the first rows of every buffer, for one row count; a run has only a few row counts. */
    private final class Views {
        final INDArray latent;
        final List<INDArray> hidden = new ArrayList<>();
        final List<INDArray> onesColumns = new ArrayList<>();
        final INDArray preOutput;

        Views(int rows) {
            if (rows > preOutputBuffer.rows()) {
                throw new IllegalStateException(rows + " rows exceed the decoder's buffers of " + preOutputBuffer.rows());
            }
            latent = firstRows(latentBuffer, rows);
            for (INDArray buffer : hiddenBuffers) {
                INDArray view = firstRows(buffer, rows);
                hidden.add(view);
                onesColumns.add(view.get(NDArrayIndex.all(), NDArrayIndex.point(view.columns() - 1)));
            }
            preOutput = firstRows(preOutputBuffer, rows);
        }

        private INDArray firstRows(INDArray buffer, int rows) {
            return buffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
        }
    }

    @Override
    public void close() {
        augmentedWeights.forEach(INDArray::close);
        latentBuffer.close();
        hiddenBuffers.forEach(INDArray::close);
        preOutputBuffer.close();
    }
}
