import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * DL4J's training UI of a running {@code ./vae4j train --ui}, checked the way a person meets it:
 * plain HTTP/1.1 requests (as curl sends), then headless Chromium driven through the DevTools
 * protocol (the JDK's WebSocket client; Jackson from the application's lib folder).
 *
 * <ul>
 *   <li>overview, model and system pages and their data endpoints answer 200 over HTTP/1.1;</li>
 *   <li>in the browser the overview loads over HTTP/1.1 for the run's session, its score chart
 *       holds points, and gains more while the run trains (the page's own polling); its model
 *       table shows the network's parameter count;</li>
 *   <li>clicking the VAE layer in the model tab's graph shows that layer's details and charts;
 *       the system tab shows the JVM and ND4J backend and a memory chart;</li>
 *   <li>screenshots of the three tabs are written and are not blank.</li>
 * </ul>
 *
 * <p>Run by scripts/ui-browser-test.sh:
 * {@code java -cp "vae-examples/target/lib/*" scripts/UiBrowserCheck.java OVERVIEW_URL OUT_DIR}.
 * Exit status 0 when every check passes, 1 with one line naming the failed check otherwise.
 */
public final class UiBrowserCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Score points the overview must show before the checks go on (more: a fuller screenshot). */
    private static final int POINTS = Integer.getInteger("points", 3);
    private static final Duration FIRST_POINTS = Duration.ofSeconds(180 + 2L * POINTS);
    private static final Duration MORE_POINTS = Duration.ofSeconds(60);
    private static final Duration PAGE_READY = Duration.ofSeconds(60);

    private UiBrowserCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].matches("http://127\\.0\\.0\\.1:\\d+/train/[^/]+/overview")) {
            System.err.println("usage: UiBrowserCheck http://127.0.0.1:PORT/train/SESSION/overview OUT_DIR");
            System.exit(2);
        }
        String base = args[0].substring(0, args[0].length() - "/overview".length());
        String session = base.substring(base.lastIndexOf('/') + 1);
        Path out = Files.createDirectories(Path.of(args[1]));
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        try {
            long parameters = plainHttp(base);
            try (Chromium browser = Chromium.start(chromium, out)) {
                overviewTab(browser.page, base, session, parameters, out);
                modelTab(browser.page, base, out);
                systemTab(browser.page, base, out);
            }
        } catch (CheckFailed e) {
            System.err.println("ui-browser-check: FAILED: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("ui-browser-check: passed; screenshots in " + out);
    }

    /** A check that did not hold; its message says which and what was seen. */
    static final class CheckFailed extends Exception {
        CheckFailed(String message) {
            super(message);
        }
    }

    static void check(boolean condition, String what) throws CheckFailed {
        if (!condition) {
            throw new CheckFailed(what);
        }
    }

    /** The pages and data endpoints over HTTP/1.1 (browsers and curl; not h2c): returns the parameter count. */
    static long plainHttp(String base) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (String tab : List.of("overview", "model", "system")) {
            HttpResponse<String> page = get(http, base + "/" + tab);
            check(page.body().contains("<title>DL4J Training UI</title>"), "GET " + tab + ": not DL4J's page");
        }
        JsonNode data = JSON.readTree(get(http, base + "/overview/data").body());
        check(data.path("scores").isArray() && data.path("scoresIter").isArray(), "overview/data: no score series: "
                + abbreviate(data));
        long parameters = -1;
        for (JsonNode row : data.path("model")) {
            if (row.path(0).asText().equals("Total Parameters")) {
                parameters = row.path(1).asLong(-1);
            }
        }
        check(parameters > 0, "overview/data: no 'Total Parameters' in " + data.path("model"));
        JsonNode graph = JSON.readTree(get(http, base + "/model/graph").body());
        check(graph.path("vertexNames").size() >= 2, "model/graph: no layers: " + abbreviate(graph));
        JsonNode system = JSON.readTree(get(http, base + "/system/data").body());
        check(system.path("memory").size() >= 1, "system/data: no memory report: " + abbreviate(system));
        System.out.println("HTTP/1.1: overview, model, system pages and data endpoints answer 200; "
                + data.path("scores").size() + " score points so far, " + parameters + " parameters");
        return parameters;
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CheckFailed("GET " + url + " over HTTP/1.1: " + e);
        }
        check(response.statusCode() == 200, "GET " + url + " over HTTP/1.1: status " + response.statusCode());
        check(response.version() == HttpClient.Version.HTTP_1_1, "GET " + url + ": answered in " + response.version());
        return response;
    }

    static void overviewTab(Page page, String base, String session, long parameters, Path out) throws Exception {
        page.open(base + "/overview");
        String state = """
                (() => {
                  const plot = $('#scoreiterchart').data('plot');
                  const score = plot ? plot.getData().find(s => s.label === 'score') : null;
                  const points = score ? score.data : [];
                  return {
                    protocol: performance.getEntriesByType('navigation')[0].nextHopProtocol,
                    session: currSession,
                    points: points.length,
                    lastIteration: points.length ? points[points.length - 1][0] : -1,
                    finite: points.every(p => Number.isFinite(p[0]) && Number.isFinite(p[1])),
                    modelType: $('#modelType').text(),
                    parameters: $('#nParams').text(),
                    updates: $('#totalParamUpdates').text()
                  };
                })()""";
        JsonNode first = page.waitFor(state, s -> s.path("points").asInt() >= POINTS, FIRST_POINTS,
                "the overview's score chart to show " + POINTS + " points");
        check(first.path("protocol").asText().equals("http/1.1"), "the browser loaded the overview over "
                + first.path("protocol") + ", not http/1.1");
        check(first.path("session").asText().equals(session), "the page shows session " + first.path("session")
                + ", not the run's " + session);
        JsonNode later = page.waitFor(state,
                s -> s.path("lastIteration").asLong() > first.path("lastIteration").asLong(), MORE_POINTS,
                "the score chart to gain points after iteration " + first.path("lastIteration") + " while training");
        check(later.path("finite").asBoolean(), "the score chart has non-finite points: " + later);
        check(later.path("modelType").asText().equals("MultiLayerNetwork"), "model type shown: " + later.path("modelType"));
        check(later.path("parameters").asText().equals(Long.toString(parameters)),
                "parameters shown " + later.path("parameters") + ", the server reports " + parameters);
        check(later.path("updates").asText().matches("[1-9][0-9]*"), "parameter updates shown: " + later.path("updates"));
        System.out.println("browser, overview: " + first.path("protocol").asText() + ", session " + session
                + ", score chart " + first.path("points") + " points (to iteration " + first.path("lastIteration")
                + "), then " + later.path("points") + " (to " + later.path("lastIteration") + "); "
                + later.path("parameters").asText() + " parameters, " + later.path("updates").asText() + " updates");
        page.screenshot(out.resolve("overview.png"));
    }

    static void modelTab(Page page, String base, Path out) throws Exception {
        page.open(base + "/model");
        // The graph (cytoscape, window.cy once drawn): input and the VAE layer. Click the layer as a person would.
        JsonNode node = page.waitFor("""
                (() => {
                  if (!window.cy || cy.nodes().length < 2) return {nodes: 0};
                  const layer = cy.nodes()[cy.nodes().length - 1];
                  const at = layer.renderedPosition();
                  const box = document.getElementById('layers').getBoundingClientRect();
                  return {nodes: cy.nodes().length, name: layer.data('name'), x: box.left + at.x, y: box.top + at.y};
                })()""", n -> n.path("nodes").asInt() >= 2, PAGE_READY, "the model graph to show its layers");
        page.click(node.path("x").asDouble(), node.path("y").asDouble());
        JsonNode details = page.waitFor("""
                (() => {
                  const plot = $('#meanmag').data('plot');
                  return {
                    visible: $('#layerDetails').is(':visible'),
                    rows: $('#layerInfo tr').length,
                    info: $('#layerInfo tr').map((i, row) => $(row).children().map((j, cell) => $(cell).text())
                        .get().join(' = ')).get().slice(0, 4).join(', '),
                    points: plot ? plot.getData().reduce((n, s) => n + s.data.length, 0) : 0
                  };
                })()""", d -> d.path("visible").asBoolean() && d.path("rows").asInt() > 0 && d.path("points").asInt() > 0,
                PAGE_READY, "the layer's details after clicking " + node.path("name"));
        System.out.println("browser, model: " + node.path("nodes") + " nodes; clicked "
                + node.path("name").asText().replaceAll("\\s+", " ") + ": " + details.path("rows")
                + " table rows (" + details.path("info").asText() + ", ...), mean magnitudes chart "
                + details.path("points") + " points");
        page.screenshot(out.resolve("model.png"));
    }

    static void systemTab(Page page, String base, Path out) throws Exception {
        page.open(base + "/system");
        JsonNode system = page.waitFor("""
                (() => {
                  const plot = $('#systemMemoryChartPlot').data('plot');
                  return {
                    jvm: $('#jvmName').text(),
                    backend: $('#nd4jBackend').text(),
                    points: plot ? plot.getData().reduce((n, s) => n + s.data.length, 0) : 0
                  };
                })()""", s -> !s.path("jvm").asText().isBlank() && !s.path("backend").asText().isBlank()
                && s.path("points").asInt() > 0, PAGE_READY, "the system tab's information and memory chart");
        System.out.println("browser, system: JVM " + system.path("jvm").asText() + ", backend "
                + system.path("backend").asText() + ", memory chart " + system.path("points") + " points");
        page.screenshot(out.resolve("system.png"));
    }

    /** Not blank: many colours, none covering nearly everything (a blank or error page has few). */
    static void notBlank(byte[] png, Path file) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        check(image != null, file + ": not a PNG");
        Map<Integer, Integer> counts = new HashMap<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
            }
        }
        int pixels = image.getWidth() * image.getHeight();
        double commonest = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0) / (double) pixels;
        check(counts.size() >= 200 && commonest <= 0.9, file.getFileName() + " looks blank: " + counts.size()
                + " colours, the commonest on " + Math.round(100 * commonest) + "% of pixels");
        System.out.printf("screenshot %s: %dx%d, %d colours, the commonest on %d%% of pixels%n", file.getFileName(),
                image.getWidth(), image.getHeight(), counts.size(), Math.round(100 * commonest));
    }

    static String abbreviate(Object o) {
        String s = String.valueOf(o);
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Headless Chromium with a fresh profile, its DevTools port chosen by itself. */
    static final class Chromium implements AutoCloseable {
        final Process process;
        final Page page;
        final Path profile;

        private Chromium(Process process, Page page, Path profile) {
            this.process = process;
            this.page = page;
            this.profile = profile;
        }

        static Chromium start(String executable, Path out) throws Exception {
            check(Files.isExecutable(Path.of(executable)), executable + " is missing (scripts/ui-browser-test.sh installs it)");
            Path profile = Files.createTempDirectory(out, "chromium-profile-");
            // The flags Chromium needs as root in a container, without anything that phones home.
            List<String> command = List.of(executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,900",
                    "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.resolve("chromium.log").toFile()).start();
            try {
                Path portFile = profile.resolve("DevToolsActivePort");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                List<String> lines = List.of();
                while (lines.size() < 2 && System.nanoTime() < deadline && process.isAlive()) {
                    Thread.sleep(100);
                    lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
                }
                check(lines.size() >= 2, "Chromium did not open its DevTools port (see " + out.resolve("chromium.log") + ")");
                HttpClient http = HttpClient.newHttpClient();
                String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lines.get(0) + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                String pageSocket = null;
                for (JsonNode target : JSON.readTree(list)) {
                    if (target.path("type").asText().equals("page")) {
                        pageSocket = target.path("webSocketDebuggerUrl").asText();
                    }
                }
                check(pageSocket != null, "Chromium has no page: " + list);
                Page page = new Page(Cdp.connect(http, pageSocket));
                // A fixed viewport, whatever the window manager-less window turns out to be.
                page.cdp.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1400, "height", 900,
                        "deviceScaleFactor", 1, "mobile", false));
                return new Chromium(process, page, profile);
            } catch (Exception e) {
                process.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() throws Exception {
            page.cdp.close();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One browser tab. */
    static final class Page {
        final Cdp cdp;

        Page(Cdp cdp) {
            this.cdp = cdp;
        }

        void open(String url) throws Exception {
            JsonNode result = cdp.send("Page.navigate", Map.of("url", url));
            check(!result.has("errorText"), "the browser could not open " + url + ": " + result.path("errorText"));
            waitFor("({ready: document.readyState, url: location.href, title: document.title})",
                    s -> s.path("ready").asText().equals("complete") && s.path("url").asText().equals(url)
                            && s.path("title").asText().equals("DL4J Training UI"),
                    PAGE_READY, url + " to load in the browser");
        }

        /** The value of a JavaScript expression in the page (JSON-serialisable). */
        JsonNode eval(String expression) throws Exception {
            JsonNode result = cdp.send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                return JSON.createObjectNode().put("exception", result.path("exceptionDetails").path("exception")
                        .path("description").asText(result.path("exceptionDetails").toString()));
            }
            return result.path("result").path("value");
        }

        /** Polls {@code expression} until {@code done} holds; fails naming what it waited for and the last value. */
        JsonNode waitFor(String expression, Predicate<JsonNode> done, Duration timeout, String what) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonNode value = eval(expression);
            while (!done.test(value)) {
                if (System.nanoTime() > deadline) {
                    throw new CheckFailed("waited " + timeout.toSeconds() + " s for " + what + "; last seen: "
                            + abbreviate(value));
                }
                Thread.sleep(250);
                value = eval(expression);
            }
            return value;
        }

        void click(double x, double y) throws Exception {
            for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
                cdp.send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
                        "clickCount", type.equals("mouseMoved") ? 0 : 1));
            }
        }

        void screenshot(Path file) throws Exception {
            byte[] png = Base64.getDecoder().decode(cdp.send("Page.captureScreenshot", Map.of("format", "png"))
                    .path("data").asText());
            Files.write(file, png);
            notBlank(png, file);
        }
    }

    /** A DevTools protocol connection: numbered commands, each answered by the message with its id. */
    static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder message = new StringBuilder();
        private WebSocket socket;

        static Cdp connect(HttpClient http, String url) throws Exception {
            Cdp cdp = new Cdp();
            cdp.socket = http.newWebSocketBuilder().buildAsync(URI.create(url), cdp).get(10, TimeUnit.SECONDS);
            return cdp;
        }

        JsonNode send(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            replies.put(id, reply);
            ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
            command.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
            JsonNode answer = reply.get(60, TimeUnit.SECONDS);
            check(!answer.has("error"), method + ": " + answer.path("error"));
            return answer.path("result");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    JsonNode received = JSON.readTree(message.toString());
                    CompletableFuture<JsonNode> reply = received.has("id") ? replies.remove(received.get("id").asInt()) : null;
                    if (reply != null) {
                        reply.complete(received);
                    }
                } catch (IOException e) {
                    replies.values().forEach(r -> r.completeExceptionally(e));
                }
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
