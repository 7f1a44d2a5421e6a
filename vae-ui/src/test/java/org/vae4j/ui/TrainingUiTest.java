package org.vae4j.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.core.storage.Persistable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.api.StatsReport;
import org.deeplearning4j.ui.model.stats.api.StatsType;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;
import org.vae4j.core.train.VaeTrainer;

/** DL4J's StatsListener and training UI show vae4j training. */
class TrainingUiTest {

    private static VaeModel model() {
        return VaeModel.create(VaeConfig.builder().inputSize(20).encoderLayerSizes(16).latentSize(3)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 0.01).seed(7).build());
    }

    private static InMemoryEpochIterator data() {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 96, 20).gt(0.5).castTo(DataType.FLOAT);
        return new InMemoryEpochIterator(x, null, 32, true, 5);
    }

    /** Trains 2 epochs of 3 minibatches, returning each minibatch's -ELBO as vae4j reports it. */
    private static List<Double> train(VaeModel model, org.deeplearning4j.optimize.api.TrainingListener listener) {
        List<Double> losses = new ArrayList<>();
        VaeTrainer.builder(model).epochs(2).dl4jListeners(listener).listener(new TrainingListener() {
            @Override
            public void onIteration(IterationEvent event) {
                losses.add(event.negativeElbo());
            }
        }).build().fit(data());
        return losses;
    }

    @Test
    void statsListenerOnTheNetworkRecordsScoresParameterAndGradientSummaries() {
        VaeModel model = model();
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        StatsListener stats = new StatsListener(storage, 1);   // DL4J's default reports every 10th iteration
        ((MultiLayerNetwork) model.network()).setListeners(stats);
        List<Double> losses = train(model, stats);   // also given to the trainer: still called once

        String session = stats.getSessionID();
        assertEquals(List.of(session), storage.listSessionIDs());
        List<Persistable> updates = storage.getAllUpdatesAfter(session, StatsListener.TYPE_ID, 0);
        assertEquals(6, updates.size());
        for (int i = 0; i < updates.size(); i++) {
            StatsReport report = (StatsReport) updates.get(i);
            assertEquals(i, report.getIterationCount());
            assertEquals(losses.get(i), report.getScore(), 0, "score = the minibatch -ELBO per example");
            Map<String, Double> parameterMeans = report.getMean(StatsType.Parameters);
            assertTrue(parameterMeans.containsKey("0_e0W") && parameterMeans.containsKey("0_pZXMeanW"),
                    parameterMeans.keySet().toString());
            assertTrue(parameterMeans.values().stream().allMatch(Double::isFinite));
            Map<String, Double> gradientMagnitudes = report.getMeanMagnitudes(StatsType.Gradients);
            assertTrue(gradientMagnitudes.get("0_e0W") > 0, gradientMagnitudes.toString());
            assertEquals(0.01, report.getLearningRates().get("0_e0W"), 1e-12);
            assertTrue(report.getHistograms(StatsType.Parameters).containsKey("0_e0W"));
        }
        double firstMean = ((StatsReport) updates.get(0)).getMean(StatsType.Parameters).get("0_e0W");
        double lastMean = ((StatsReport) updates.get(5)).getMean(StatsType.Parameters).get("0_e0W");
        assertTrue(firstMean != lastMean, "parameters change between reports");
    }

    @Test
    void theUiListensOnLoopbackAtAFreePortAndServesTheRunsScores() throws Exception {
        try (TrainingUi ui = TrainingUi.start(0, "vae4j-ui-test", 1)) {
            int port = ui.port();
            assertTrue(port > 0);
            assertEquals("http://127.0.0.1:" + port + "/train/vae4j-ui-test/overview", ui.address());
            // Bound to 127.0.0.1 only: another loopback address can take the same port (it could
            // not if the UI listened on every interface, as DL4J's own server does).
            try (ServerSocket other = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.2"))) {
                assertEquals(port, other.getLocalPort());
            }
            List<Double> losses = train(model(), ui.listener());

            // HTTP/1.1 as browsers and curl speak it: the JDK client's default (HTTP/2) first asks for an
            // h2c upgrade, a path that worked while Vert.x 3.9.0 on Netty >= 4.1.61 refused every HTTP/1.x
            // request (docs/dl4j.md, "Vert.x and Netty versions").
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            // The UI learns of a new session from its storage asynchronously (every 500 ms or so): right
            // after training the page may still answer 404 "Unknown session ID" (seen once in CI), as a
            // browser would until it reloads. Poll until the session is known.
            HttpResponse<String> page;
            long pageDeadline = System.nanoTime() + 20_000_000_000L;
            do {
                page = http.send(HttpRequest.newBuilder(URI.create(ui.address()))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() == 404 && page.body().contains("Unknown session ID")) {
                    Thread.sleep(200);
                    continue;
                }
                break;
            } while (System.nanoTime() < pageDeadline);
            assertEquals(200, page.statusCode(), page.body());
            assertEquals(HttpClient.Version.HTTP_1_1, page.version());
            assertTrue(page.body().contains("<title>DL4J Training UI</title>"), page.body());
            URI overview = URI.create("http://127.0.0.1:" + port + "/train/vae4j-ui-test/overview/data");
            JsonNode data = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            // The server hands stored stats to its pages every 500 ms: poll until all 6 arrived.
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(overview)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(HttpClient.Version.HTTP_1_1, response.version());
                data = new ObjectMapper().readTree(response.body());
                if (data.path("scores").size() == losses.size()) {
                    break;
                }
                Thread.sleep(250);
            }
            assertEquals(losses.size(), data.path("scores").size(), String.valueOf(data));
            for (int i = 0; i < losses.size(); i++) {
                assertEquals(i, data.get("scoresIter").get(i).asInt());
                assertEquals(losses.get(i), data.get("scores").get(i).asDouble(), 1e-9 * Math.abs(losses.get(i)));
            }
        }
    }

    @Test
    void aPortInUseIsOneClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TrainingUi.start(taken.getLocalPort(), "taken", 1));
            assertTrue(e.getMessage().startsWith("DL4J's training UI could not listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingUi.start(70000, "x", 1));
        assertThrows(IllegalArgumentException.class, () -> TrainingUi.start(0, "a b", 1));
        assertThrows(IllegalArgumentException.class, () -> TrainingUi.start(0, "x", 0));
    }
}
