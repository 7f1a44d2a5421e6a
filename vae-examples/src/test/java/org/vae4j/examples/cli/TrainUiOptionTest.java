package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

/**
 * train --ui: in the default build a one-line refusal saying how to get the UI, before anything is
 * written; in a -Pui build (CI's second step) the UI starts on 127.0.0.1 and prints its address.
 */
class TrainUiOptionTest {

    @TempDir
    Path dir;

    private static boolean uiInBuild() {
        try {
            Class.forName(TrainingUiOption.UI_CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private Path csv() throws IOException {
        Random random = new Random(5);
        StringBuilder s = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 200; i++) {
            double z = random.nextGaussian();
            s.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f%n", z, 2 * z + 0.1 * random.nextGaussian(),
                    random.nextGaussian()));
        }
        return Files.writeString(dir.resolve("table.csv"), s.toString());
    }

    @Test
    void withoutTheUiInTheBuildUiIsRefusedWithHowToRebuild() throws IOException {
        assumeFalse(uiInBuild(), "this build has the UI (-Pui)");
        Path runs = dir.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "--data", csv().toString(), "--ui", "--runs-dir", runs.toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("the training UI is not in this build") && r.err().contains("VAE4J_MAVEN_ARGS=-Pui"),
                r.err());
        assertFalse(Files.exists(runs));
    }

    @Test
    void portsOutOfRangeAreRefused() throws IOException {
        CliRunner.Result r = CliRunner.run("train", "--data", csv().toString(), "--ui", "--ui-port", "70000");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--ui-port'") && r.err().contains("0 to 65535"), r.err());
        r = CliRunner.run("train", "--data", csv().toString(), "--ui", "--ui-every", "0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("'--ui-every'"), r.err());
    }

    @Test
    void withTheUiTrainingPrintsItsLoopbackAddress() throws IOException {
        assumeTrue(uiInBuild(), "the UI is only in a -Pui build");
        Path runs = dir.resolve("runs");
        CliRunner.Result r = CliRunner.run("train", "--data", csv().toString(), "--epochs", "2", "--set",
                "evalImportanceSamples=5", "--ui", "--ui-port", "0", "--ui-every", "1", "--runs-dir", runs.toString(),
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        String folder = CliRunner.runFolders(runs).get(0).getFileName().toString();
        Matcher m = Pattern.compile("Training UI: http://127\\.0\\.0\\.1:(\\d+)/train/" + Pattern.quote(folder)
                + "/overview").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Integer.parseInt(m.group(1)) > 0);
    }

    @Test
    void theUiAnswersPlainHttp11OnTheApplicationsClassPath() throws Exception {
        assumeTrue(uiInBuild(), "the UI is only in a -Pui build");
        // Here, not only in vae-ui: this class path is the application's, where Spark's Netty meets
        // Vert.x's. Before the ui profile pinned both, Vert.x 3.9.0 ran on Netty 4.1.96 here and answered
        // no HTTP/1.x request (browsers, curl), while vae-ui's own tests saw the Netty it was built on.
        TrainingUiOption option = new TrainingUiOption();
        option.enabled = true;
        option.port = 0;
        option.every = 1;
        try (TrainingUiOption.Ui ui = option.start("http11-check")) {
            // Three iterations of a small VAE: the session exists once its first stats are stored.
            VaeModel model = VaeModel.create(VaeConfig.builder().inputSize(8).encoderLayerSizes(6).latentSize(2)
                    .seed(3).build());
            INDArray x = Nd4j.rand(DataType.FLOAT, 24, 8).gt(0.5).castTo(DataType.FLOAT);
            VaeTrainer.builder(model).epochs(1).dl4jListeners(ui.listener()).build()
                    .fit(new InMemoryEpochIterator(x, null, 8, false, 1));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            for (String url : List.of(ui.address(), ui.address() + "/data")) {
                HttpResponse<String> response;
                long deadline = System.nanoTime() + 20_000_000_000L;
                do {   // the server picks up stored stats every 500 ms: 404 (unknown session) until then
                    response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                            .GET().build(), HttpResponse.BodyHandlers.ofString());
                } while (response.statusCode() == 404 && System.nanoTime() < deadline && sleep(250));
                assertEquals(200, response.statusCode(), url + ": " + response.body());
                assertEquals(HttpClient.Version.HTTP_1_1, response.version(), url);
            }
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
