package org.vae4j.core.engine;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinearDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A hidden layer's activation applied into preallocated buffers. Any DL4J {@link IActivation}
 * works through its own {@code getActivation}/{@code backprop}; plain ReLU (the common case) has a
 * path that writes its derivative into the pre-activation buffer, because ND4J's
 * {@code ActivationReLU.backprop} allocates a new array every call.
 */
final class HiddenActivation {

    private final IActivation activation;
    private final boolean plainRelu;

    HiddenActivation(IActivation activation) {
        this.activation = activation;
        this.plainRelu = activation instanceof ActivationReLU relu && isPlain(relu);
    }

    /** {@code out = f(preActivation)}; {@code preActivation} is kept for {@link #backprop}. */
    void forward(INDArray preActivation, INDArray out) {
        out.assign(preActivation);
        activation.getActivation(out, true);
    }

    /**
     * dL/d(pre-activation) = f'(pre) * epsilon. May overwrite {@code preActivation} (it is not needed
     * after the backward pass) and may return {@code epsilon} itself (identity).
     */
    INDArray backprop(INDArray preActivation, INDArray epsilon) {
        if (plainRelu) {
            // relu_bp: epsilon where pre > 0, else 0; the same op ActivationReLU runs, minus the allocation.
            Nd4j.exec(new RectifiedLinearDerivative(preActivation, epsilon, preActivation, 0.0));
            return preActivation;
        }
        return activation.backprop(preActivation, epsilon).getFirst();
    }

    private static boolean isPlain(ActivationReLU relu) {
        // Activation.RELU: no max, threshold 0 (or unset), no negative slope.
        return relu.getMax() == null && (relu.getThreshold() == null || relu.getThreshold() == 0)
                && (relu.getNegativeSlope() == null || relu.getNegativeSlope() == 0);
    }
}
