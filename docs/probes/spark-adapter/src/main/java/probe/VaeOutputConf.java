package probe;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The VAE conf, instantiated as an IOutputLayer; no parameter is "pretrain" so net.fit updates all. */
public class VaeOutputConf extends VariationalAutoencoder {
    public VaeOutputConf() {
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray view, boolean initializeParams, DataType dataType) {
        VaeOutputLayer ret = new VaeOutputLayer(conf, dataType);
        ret.setListeners(listeners);
        ret.setIndex(layerIndex);
        ret.setParamsViewArray(view);
        Map<String, INDArray> table = initializer().init(conf, view, initializeParams);
        ret.setParamTable(table);
        ret.setConf(conf);
        return ret;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }
}
