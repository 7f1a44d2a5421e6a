package probe;

import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** DL4J's VAE presented as an output layer whose backprop gradient is the -ELBO gradient. */
public class VaeOutputLayer extends VariationalAutoencoder implements IOutputLayer {
    private INDArray labels;

    public VaeOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        computeGradientAndScore(mgr);
        return new Pair<>(gradient(), null);
    }

    @Override public boolean needsLabels() { return false; }
    @Override public void setLabels(INDArray labels) { this.labels = labels; }
    @Override public INDArray getLabels() { return labels; }
    @Override public double computeScore(double reg, boolean training, LayerWorkspaceMgr mgr) { return score(); }
    @Override public INDArray computeScoreForExamples(double reg, LayerWorkspaceMgr mgr) { throw new UnsupportedOperationException(); }
    @Override public double f1Score(org.nd4j.linalg.dataset.api.DataSet data) { throw new UnsupportedOperationException(); }
    @Override public double f1Score(INDArray examples, INDArray labels) { throw new UnsupportedOperationException(); }
    @Override public int numLabels() { return 0; }
    @Override public void fit(DataSetIterator iter) { throw new UnsupportedOperationException(); }
    @Override public int[] predict(INDArray examples) { throw new UnsupportedOperationException(); }
    @Override public List<String> predict(DataSet dataSet) { throw new UnsupportedOperationException(); }
    @Override public void fit(INDArray examples, INDArray labels) { throw new UnsupportedOperationException(); }
    @Override public void fit(DataSet data) { throw new UnsupportedOperationException(); }
    @Override public void fit(INDArray examples, int[] labels) { throw new UnsupportedOperationException(); }
}
