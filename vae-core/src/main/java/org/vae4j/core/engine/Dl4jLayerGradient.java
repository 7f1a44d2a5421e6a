package org.vae4j.core.engine;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference engine: DL4J's own {@code VariationalAutoencoder.computeGradientAndScore}. Plain
 * ELBO only (DL4J's layer has no beta, warm-up or free bits).
 */
public final class Dl4jLayerGradient implements ElboGradient {

    private final VariationalAutoencoder layer;
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

    public Dl4jLayerGradient(VariationalAutoencoder layer) {
        this.layer = layer;
    }

    @Override
    public double computeGradient(INDArray x, long iteration) {
        layer.setInput(x, workspaces);
        layer.computeGradientAndScore(workspaces);
        // The layer's score includes the L2 term; the trainer reports the ELBO alone.
        double negativeElbo = layer.score() - layer.calcRegularizationScore(false);
        layer.clear();
        // The layer's gradient is a sum over rows; DL4J's updater would divide it by the minibatch size.
        layer.getGradientsViewArray().divi(x.rows());
        return negativeElbo;
    }

    @Override
    public Gradient gradient() {
        return layer.gradient();
    }
}
