package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.LoggerFactory;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.config.TrainingEngine;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/** DL4J's own listeners see vae4j training as they see DL4J's fit. */
class Dl4jListenersTest {

    private static final INDArray TRAIN = SyntheticData.binaryPrototypes(96, 20, 4, 1, DataType.FLOAT);

    private static VaeConfig config(TrainingEngine engine, UpdaterKind updater) {
        return VaeConfig.builder().inputSize(20).encoderLayerSizes(16).latentSize(3)
                .hiddenActivation(Activation.TANH).updater(updater, 0.01).engine(engine).seed(7).build();
    }

    private static InMemoryEpochIterator train() {
        return new InMemoryEpochIterator(TRAIN, null, 32, true, 5);
    }

    @Test
    void scoreIterationListenerOnTheNetworkLogsTheMinibatchNegativeElbo() {
        VaeModel model = VaeModel.create(config(TrainingEngine.VAE4J, UpdaterKind.ADAM));
        ((MultiLayerNetwork) model.network()).setListeners(new ScoreIterationListener(1));
        List<IterationEvent> events = new ArrayList<>();
        Logger logger = (Logger) LoggerFactory.getLogger(ScoreIterationListener.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try {
            VaeTrainer.builder(model).epochs(2).listener(new TrainingListener() {
                @Override
                public void onIteration(IterationEvent event) {
                    events.add(event);
                }
            }).build().fit(train());
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(6, lines.size(), lines.toString());
        Pattern score = Pattern.compile("Score at iteration (\\d+) is (\\S+)");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = score.matcher(lines.get(i));
            assertTrue(m.find(), lines.get(i));
            assertEquals(i, Integer.parseInt(m.group(1)));
            assertEquals(events.get(i).negativeElbo(), Double.parseDouble(m.group(2)), 1e-9, lines.get(i));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MultiLayerNetwork VAE4J ADAM", "MultiLayerNetwork DL4J ADAM",
            "ComputationGraph VAE4J RMSPROP"})
    void listenersOnTheNetworkAndGivenToTheTrainerSeeEveryCallbackWithScoreInputAndGradient(String variant) {
        TrainingEngine engine = variant.contains("DL4J") ? TrainingEngine.DL4J : TrainingEngine.VAE4J;
        UpdaterKind updater = variant.endsWith("ADAM") ? UpdaterKind.ADAM : UpdaterKind.RMSPROP;
        boolean graph = variant.startsWith("Computation");
        VaeConfig config = config(engine, updater);
        VaeModel model = graph ? VaeModel.createGraph(config) : VaeModel.create(config);
        Recorder onNetwork = new Recorder();
        Recorder given = new Recorder();
        if (graph) {
            ((ComputationGraph) model.network()).setListeners(onNetwork);
        } else {
            ((MultiLayerNetwork) model.network()).setListeners(onNetwork);
        }
        List<IterationEvent> events = new ArrayList<>();
        VaeTrainer.builder(model).epochs(2).dl4jListeners(given, onNetwork).listener(new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                events.add(event);
            }
        }).build().fit(train());

        for (Recorder r : List.of(onNetwork, given)) {
            assertEquals(List.of("epochStart", "backward", "gradient", "done 0/0 32", "backward", "gradient",
                    "done 1/0 32", "backward", "gradient", "done 2/0 32", "epochEnd", "epochStart", "backward",
                    "gradient", "done 3/1 32", "backward", "gradient", "done 4/1 32", "backward", "gradient",
                    "done 5/1 32", "epochEnd"), r.calls);
            assertTrue(r.models.stream().allMatch(m -> m == model.network()), "the network is passed");
            for (int i = 0; i < events.size(); i++) {
                assertEquals(events.get(i).negativeElbo(), r.scores.get(i), 0, "score = minibatch -ELBO");
                assertEquals(events.get(i).negativeElbo(), r.gradientScores.get(i), 0);
            }
            assertTrue(r.gradientNorms.stream().allMatch(n -> n > 0 && Double.isFinite(n)), r.gradientNorms.toString());
        }
        String key = graph ? "vae_e0W" : "0_e0W";
        assertTrue(onNetwork.gradientKeys.contains(key), onNetwork.gradientKeys.toString());
        assertTrue(onNetwork.gradientKeys.containsAll(model.network().paramTable(true).keySet()),
                onNetwork.gradientKeys + " vs " + model.network().paramTable(true).keySet());
        // The input is dropped after each step: the network keeps no reference to freed minibatches.
        if (graph) {
            assertTrue(((ComputationGraph) model.network()).getInputs() == null);
        } else {
            assertTrue(((MultiLayerNetwork) model.network()).getInput() == null);
        }
    }

    @Test
    void withoutDl4jListenersTheNetworkIsLeftAlone() {
        VaeModel model = VaeModel.create(config(TrainingEngine.VAE4J, UpdaterKind.ADAM));
        VaeTrainer.builder(model).epochs(1).build().fit(train());
        MultiLayerNetwork net = (MultiLayerNetwork) model.network();
        assertTrue(net.getInput() == null);
        assertTrue(net.getListeners() == null || net.getListeners().isEmpty());
        assertTrue(net.gradient() == null, "no gradient views are made for nobody");
    }

    /** Records the calls, and what the network shows during them. */
    private static final class Recorder extends BaseTrainingListener {
        final List<String> calls = new ArrayList<>();
        final List<Model> models = new ArrayList<>();
        final List<Double> scores = new ArrayList<>();
        final List<Double> gradientScores = new ArrayList<>();
        final List<Double> gradientNorms = new ArrayList<>();
        List<String> gradientKeys = List.of();

        @Override
        public void onEpochStart(Model model) {
            calls.add("epochStart");
            models.add(model);
        }

        @Override
        public void onEpochEnd(Model model) {
            calls.add("epochEnd");
            models.add(model);
        }

        @Override
        public void onBackwardPass(Model model) {
            calls.add("backward");
        }

        @Override
        public void onGradientCalculation(Model model) {
            calls.add("gradient");
            gradientScores.add(model.score());
            Map<String, INDArray> gradient = model.gradient().gradientForVariable();
            gradientKeys = List.copyOf(gradient.keySet());
            gradientNorms.add(gradient.values().stream().mapToDouble(g -> g.norm2Number().doubleValue()).sum());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            calls.add("done " + iteration + "/" + epoch + " " + model.batchSize());
            models.add(model);
            scores.add(model.score());
            assertNotNull(model.gradient());
        }
    }
}
