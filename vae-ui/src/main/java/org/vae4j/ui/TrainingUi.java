package org.vae4j.ui;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * DL4J's training UI for a vae4j run: DL4J's own UI server (Vert.x, the "train" pages) in
 * multi-session mode, listening on 127.0.0.1 only, with an {@link InMemoryStatsStorage} that a
 * DL4J {@link StatsListener} fills. Give {@link #listener()} to the trainer
 * ({@code VaeTrainer.builder(model).dl4jListeners(ui.listener())}) or set it on the network; the
 * run then shows at {@link #address()}.
 *
 * <p>Why not {@code UIServer.getInstance()}: DL4J M2.1's server listens on every interface
 * ({@code HttpServer.listen(port)}, i.e. 0.0.0.0) and takes its port only from the
 * {@code org.deeplearning4j.ui.port} environment variable or its 9000 default. This class deploys
 * the same server verticle with Vert.x's {@code listen(port, handler)} redirected to
 * {@code listen(port, "127.0.0.1", handler)}, at the port asked for (0 = any free port). The
 * server registers itself as DL4J's UIServer instance, as {@code UIServer.getInstance()} would.
 */
public final class TrainingUi implements AutoCloseable {

    /** The loopback address the UI listens on. */
    public static final String HOST = "127.0.0.1";
    private static final long START_TIMEOUT_SECONDS = 60;

    private final VertxUIServer server;
    private final InMemoryStatsStorage storage;
    private final StatsListener listener;
    private final String sessionId;

    private TrainingUi(VertxUIServer server, InMemoryStatsStorage storage, String sessionId, int reportEvery) {
        this.server = server;
        this.storage = storage;
        this.sessionId = sessionId;
        this.listener = new StatsListener(storage, null,
                new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(reportEvery).build(), sessionId, null);
    }

    /**
     * Starts DL4J's UI server on 127.0.0.1:{@code port} (0 picks a free port) for one training
     * session named {@code sessionId}, whose listener reports every {@code reportEvery}-th
     * iteration (DL4J's StatsListener default is 10: each report computes summaries and histograms
     * of every parameter array).
     *
     * @throws IllegalArgumentException for a port outside 0..65535, a blank session id or
     *     {@code reportEvery} < 1
     * @throws IllegalStateException when the server cannot listen (port in use), with the cause
     */
    public static TrainingUi start(int port, String sessionId, int reportEvery) {
        if (reportEvery < 1) {
            throw new IllegalArgumentException("UI reportEvery = " + reportEvery + ": must be >= 1 (iterations)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("UI port = " + port + ": must be 0 (any free port) to 65535");
        }
        if (Objects.requireNonNull(sessionId, "sessionId").isBlank() || !sessionId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("UI session id '" + sessionId + "': use letters, digits, '.', '_', '-'");
        }
        VertxUIServer running = VertxUIServer.getInstance();
        if (running != null && !running.isStopped()) {
            throw new IllegalStateException("DL4J's UI server is already running in this JVM at "
                    + running.getAddress() + "; stop it first");
        }
        VertxUIServer.getMultiSession().set(true);
        LoopbackUiServer server = new LoopbackUiServer(port);
        CompletableFuture<String> deployed = new CompletableFuture<>();
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(server, result -> {
            if (result.succeeded()) {
                deployed.complete(result.result());
            } else {
                deployed.completeExceptionally(result.cause());
            }
        });
        try {
            deployed.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            stopQuietly(vertx);
            Throwable cause = e.getCause();
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new IllegalStateException("DL4J's training UI could not listen on " + HOST + ":" + port + ": "
                    + cause.getMessage(), e);
        } catch (TimeoutException | InterruptedException e) {
            stopQuietly(vertx);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("DL4J's training UI did not start within " + START_TIMEOUT_SECONDS
                    + " s", e);
        }
        InMemoryStatsStorage storage = new InMemoryStatsStorage();
        server.attach(storage);
        return new TrainingUi(server, storage, sessionId, reportEvery);
    }

    /** A server that did not start still registered itself as DL4J's instance: unregister it. */
    private static void stopQuietly(Vertx vertx) {
        try {
            VertxUIServer.stopInstance();
        } catch (Exception ignored) {
            // it never listened; what matters is that the next start is not refused
        }
        vertx.close();
    }

    /** The DL4J listener that feeds this UI (a {@link StatsListener} for this session). */
    public TrainingListener listener() {
        return listener;
    }

    /** Where the stats go; the UI shows what is stored here. */
    public StatsStorage storage() {
        return storage;
    }

    public String sessionId() {
        return sessionId;
    }

    /** The port the server listens on (the free one chosen when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    /** The page of this session's training overview. */
    public String address() {
        return "http://" + HOST + ":" + port() + "/train/" + sessionId + "/overview";
    }

    /** Stops the server and frees its port. */
    @Override
    public void close() {
        try {
            server.detach(storage);
            VertxUIServer.stopInstance();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop DL4J's training UI: " + e.getMessage(), e);
        }
    }

    /** DL4J's server verticle, its HTTP server bound to 127.0.0.1 and to the port asked for. */
    private static final class LoopbackUiServer extends VertxUIServer {
        private final int port;

        LoopbackUiServer(int port) {
            this.port = port;
        }

        @Override
        public void init(Vertx vertx, Context context) {
            super.init(loopback(vertx, port), context);
        }
    }

    /** {@code vertx} whose HTTP servers listen on 127.0.0.1:{@code port} when asked to listen on a port. */
    private static Vertx loopback(Vertx vertx, int port) {
        return (Vertx) Proxy.newProxyInstance(TrainingUi.class.getClassLoader(), new Class<?>[] {Vertx.class},
                (proxy, method, args) -> {
                    Object result = invoke(vertx, method, args);
                    return method.getName().equals("createHttpServer") ? loopback((HttpServer) result, port) : result;
                });
    }

    @SuppressWarnings("unchecked")
    private static HttpServer loopback(HttpServer server, int port) {
        return (HttpServer) Proxy.newProxyInstance(TrainingUi.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                (proxy, method, args) -> {
                    Class<?>[] types = method.getParameterTypes();
                    if (method.getName().equals("listen") && types.length >= 1 && types[0] == int.class
                            && (types.length == 1 || types.length == 2 && types[1] == Handler.class)) {
                        if (types.length == 1) {
                            server.listen(port, HOST);
                        } else {
                            server.listen(port, HOST, (Handler<AsyncResult<HttpServer>>) args[1]);
                        }
                        return proxy;
                    }
                    Object result = invoke(server, method, args);
                    return result == server ? proxy : result; // fluent calls keep the redirect
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
