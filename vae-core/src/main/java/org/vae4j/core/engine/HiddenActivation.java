package org.vae4j.core.engine;

import java.nio.FloatBuffer;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.FloatMath;
import org.vae4j.core.engine.ElboBuffers.HiddenLayerBuffers;
import org.vae4j.core.model.VaeForward;

/**
 * A hidden layer's activation applied in place on preallocated buffers. Plain ReLU, tanh, sigmoid
 * and identity run one pass forward and one Java loop backward, written from the stored
 * activation a: f'(pre) is [a > 0] for ReLU, 1 - a^2 for tanh and a(1 - a) for sigmoid. On FLOAT
 * buffers both run on heap blocks in float, tanh and sigmoid through {@link FloatMath} (ND4J's
 * native tanh took 11% of a kingma-welling step, 7-10 ns per value; FloatMath's tanh 1.1-1.3, its
 * sigmoid 1.5-1.9); ReLU's forward stays one ND4J op (no transcendental to save). DL4J's
 * {@code backprop} for these allocates a new array and recomputes f(pre) (for tanh another
 * 0.27 ms per 128 x 400 layer); ND4J's relu_bp costs ~0.15-0.28 ms where the chunked, branch-free
 * loop costs ~0.03 ms (with a branch on a > 0 it cost ~0.5 ms: half the branches mispredict).
 * Any other DL4J {@link IActivation} goes through its own methods, from a copy of the
 * pre-activation kept in the layer's delta buffer.
 */
final class HiddenActivation {

    private enum Kind { RELU, TANH, SIGMOID, IDENTITY, OTHER }

    private final IActivation activation;
    private final Kind kind;

    HiddenActivation(IActivation activation) {
        this.activation = activation;
        this.kind = kindOf(activation);
    }

    private static Kind kindOf(IActivation activation) {
        if (activation instanceof ActivationReLU relu && isPlain(relu)) {
            return Kind.RELU;
        }
        if (activation.getClass() == ActivationTanH.class) {
            return Kind.TANH;
        }
        if (activation.getClass() == ActivationSigmoid.class) {
            return Kind.SIGMOID;
        }
        if (activation.getClass() == ActivationIdentity.class) {
            return Kind.IDENTITY;
        }
        return Kind.OTHER;
    }

    private static boolean isPlain(ActivationReLU relu) {
        // Activation.RELU: no max, threshold 0 (or unset), no negative slope.
        return relu.getMax() == null && (relu.getThreshold() == null || relu.getThreshold() == 0)
                && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0);
    }

    /** {@code layer.activation = f(layer.activation)}, in place (the affine output is written there first). */
    void forward(HiddenLayerBuffers layer) {
        INDArray a = layer.activation;
        if (layer.floatMath != null && (kind == Kind.TANH || kind == Kind.SIGMOID)) {
            forwardOnHeap(layer);
            return;
        }
        switch (kind) {
            case RELU -> Nd4j.exec(new RectifiedLinear(a, a, 0.0));
            case TANH -> Nd4j.exec(new Tanh(a, a));
            case SIGMOID -> Nd4j.exec(new Sigmoid(a, a));
            case IDENTITY -> {
            }
            default -> {
                layer.delta.assign(a);   // backprop needs the pre-activation
                VaeForward.activationInPlace(activation).apply(a);
            }
        }
    }

    /**
     * dL/d(pre-activation) = f'(pre) * {@code layer.epsilon}, written into {@code layer.delta} and
     * returned (the epsilon itself for identity).
     */
    INDArray backprop(HiddenLayerBuffers layer) {
        if (kind == Kind.IDENTITY) {
            return layer.epsilon;
        }
        if (kind == Kind.OTHER) {
            return activation.backprop(layer.delta, layer.epsilon).getFirst();
        }
        if (layer.floatMath != null) {
            backpropOnHeap(layer);
            return layer.delta;
        }
        DirectArray delta = layer.deltaView;
        DirectArray activations = layer.activationView;
        DirectArray epsilons = layer.epsilonView;
        double[] d = new double[DirectArray.CHUNK];
        double[] a = new double[DirectArray.CHUNK];
        double[] e = new double[DirectArray.CHUNK];
        for (int from = 0; from < delta.length; from += DirectArray.CHUNK) {
            int n = Math.min(DirectArray.CHUNK, delta.length - from);
            activations.read(from, n, a);
            epsilons.read(from, n, e);
            switch (kind) {
                case RELU -> {
                    // [a > 0] without a branch: a >= 0 here, and min(a 1e300, 1) is 1 for every a
                    // above 1e-300 (every positive float) and 0 at 0. The branch mispredicts on
                    // half the elements (measured 4-5 ns per element against 0.5).
                    for (int i = 0; i < n; i++) {
                        d[i] = Math.min(a[i] * 1e300, 1.0) * e[i];
                    }
                }
                case TANH -> {
                    for (int i = 0; i < n; i++) {
                        d[i] = e[i] * (1 - a[i] * a[i]);
                    }
                }
                default -> {   // SIGMOID
                    for (int i = 0; i < n; i++) {
                        d[i] = e[i] * a[i] * (1 - a[i]);
                    }
                }
            }
            delta.write(from, n, d);
        }
        return layer.delta;
    }

    /** FLOAT tanh or sigmoid in place, a heap block at a time. */
    private void forwardOnHeap(HiddenLayerBuffers layer) {
        FloatBuffer activations = layer.activationFloats;
        float[] a = layer.blockA;
        int length = (int) layer.activation.length();
        for (int from = 0; from < length; from += a.length) {
            int n = Math.min(a.length, length - from);
            activations.get(from, a, 0, n);
            if (kind == Kind.TANH) {
                layer.floatMath.tanh(a, n, a);
            } else {
                layer.floatMath.sigmoid(a, n);
            }
            activations.put(from, a, 0, n);
        }
    }

    /** {@link #backprop} on FLOAT buffers: delta = f'(pre) * epsilon in float, a heap block at a time. */
    private void backpropOnHeap(HiddenLayerBuffers layer) {
        float[] a = layer.blockA;
        float[] e = layer.blockB;
        int length = (int) layer.activation.length();
        for (int from = 0; from < length; from += a.length) {
            int n = Math.min(a.length, length - from);
            layer.activationFloats.get(from, a, 0, n);
            layer.epsilonFloats.get(from, e, 0, n);
            switch (kind) {
                case RELU -> {
                    for (int i = 0; i < n; i++) {
                        // [a > 0] without a branch, as below; two factors so the smallest subnormal reaches 1 too
                        a[i] = Math.min(a[i] * 0x1p127f * 0x1p127f, 1f) * e[i];
                    }
                }
                case TANH -> {
                    for (int i = 0; i < n; i++) {
                        a[i] = e[i] * (1 - a[i] * a[i]);
                    }
                }
                default -> {   // SIGMOID
                    for (int i = 0; i < n; i++) {
                        a[i] = e[i] * a[i] * (1 - a[i]);
                    }
                }
            }
            layer.deltaFloats.put(from, a, 0, n);
        }
    }
}
