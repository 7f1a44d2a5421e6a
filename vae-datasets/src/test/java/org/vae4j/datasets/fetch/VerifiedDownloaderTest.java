package org.vae4j.datasets.fetch;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.Sha256;
import org.vae4j.datasets.testing.IdxFixtures;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from an HTTP server on 127.0.0.1 serving good, truncated and corrupted files. */
class VerifiedDownloaderTest {

    @TempDir
    Path target;

    private HttpServer server;
    private byte[] content;
    private byte[] good;
    private PinnedFile pinned;
    private final AtomicInteger flakyRequests = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        content = IdxFixtures.images(2051, 50, 28, 28, IdxFixtures.randomPixels(50, 4));
        good = IdxFixtures.gzip(content);
        pinned = new PinnedFile("data.gz", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content)));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serve("/good/data.gz", good, good.length);
        byte[] cut = Arrays.copyOf(good, good.length / 2);
        serve("/truncated/data.gz", cut, cut.length);
        // Declares the full length, then closes early: an interrupted transfer.
        serve("/interrupted/data.gz", cut, good.length);
        byte[] corrupted = good.clone();
        corrupted[corrupted.length / 2] ^= 0x40;
        serve("/corrupted/data.gz", corrupted, corrupted.length);
        byte[] otherData = IdxFixtures.gzip(IdxFixtures.images(2051, 50, 28, 28, IdxFixtures.randomPixels(50, 5)));
        serve("/wrong/data.gz", otherData, otherData.length);
        server.createContext("/flaky/data.gz", exchange -> {
            if (flakyRequests.getAndIncrement() == 0) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
            } else {
                respond(exchange, good, good.length);
            }
        });
        server.start();
    }

    private void serve(String path, byte[] body, long declaredLength) {
        server.createContext(path, exchange -> respond(exchange, body, declaredLength));
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, byte[] body, long declaredLength)
            throws IOException {
        exchange.sendResponseHeaders(200, declaredLength);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException expectedWhenDeclaredLongerThanSent) {
            // the server notices the short body; the client must notice too
        }
        exchange.close();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI mirror(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/");
    }

    private static VerifiedDownloader downloader(int attempts) {
        return VerifiedDownloader.builder().attemptsPerMirror(attempts).retryDelay(Duration.ZERO)
                .readTimeout(Duration.ofSeconds(1)).build();
    }

    @Test
    void goodFileIsDownloadedVerifiedAndRenamedIntoPlace() throws IOException {
        Path file = downloader(1).fetch(pinned, List.of(mirror("good")), target);
        assertEquals(target.resolve("data.gz"), file);
        assertArrayEquals(good, Files.readAllBytes(file));
        assertEquals(pinned.contentSha256(), Sha256.ofContent(file));
        assertOnlyFinalFile();
    }

    @Test
    void truncatedFileIsRejectedAndLeavesNothing() {
        IOException e = assertThrows(IOException.class, () -> downloader(2).fetch(pinned,
                List.of(mirror("truncated")), target));
        assertTrue(e.getMessage().contains("not a valid gzip stream"), e.getMessage());
        assertTrue(e.getMessage().contains("attempt 2"), "retried: " + e.getMessage());
        assertNothingWritten();
    }

    @Test
    void interruptedTransferIsRejectedAndLeavesNothing() {
        IOException e = assertThrows(IOException.class, () -> downloader(1).fetch(pinned,
                List.of(mirror("interrupted")), target));
        assertTrue(e.getMessage().contains(mirror("interrupted") + "data.gz"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void corruptedFileIsRejectedAndLeavesNothing() {
        assertThrows(IOException.class, () -> downloader(1).fetch(pinned, List.of(mirror("corrupted")), target));
        assertNothingWritten();
    }

    @Test
    void validGzipOfOtherDataFailsTheChecksum() {
        IOException e = assertThrows(IOException.class, () -> downloader(1).fetch(pinned, List.of(mirror("wrong")),
                target));
        assertTrue(e.getMessage().contains("expected " + pinned.contentSha256()), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void missingFileFallsBackToTheNextMirror() throws IOException {
        Path file = downloader(1).fetch(pinned, List.of(mirror("absent"), mirror("corrupted"), mirror("good")),
                target);
        assertArrayEquals(good, Files.readAllBytes(file));
        assertOnlyFinalFile();
    }

    @Test
    void transientErrorIsRetried() throws IOException {
        downloader(2).fetch(pinned, List.of(mirror("flaky")), target);
        assertEquals(2, flakyRequests.get());
    }

    @Test
    void verifiedFileIsNotDownloadedAgainButABadOneIsReplaced() throws IOException {
        Files.write(target.resolve("data.gz"), good);
        downloader(1).fetch(pinned, List.of(mirror("flaky")), target);
        assertEquals(0, flakyRequests.get(), "no request for a file that verifies");

        Files.write(target.resolve("data.gz"), Arrays.copyOf(good, 10));
        downloader(1).fetch(pinned, List.of(mirror("good")), target);
        assertArrayEquals(good, Files.readAllBytes(target.resolve("data.gz")));
    }

    @Test
    void mirrorBaseUrlIsOverriddenBySystemProperty() {
        String key = DatasetMirrors.PROPERTY_PREFIX + "mnist";
        System.setProperty(key, mirror("good") + ", http://127.0.0.1:1/other");
        try {
            assertEquals(List.of(mirror("good"), URI.create("http://127.0.0.1:1/other/")),
                    DatasetMirrors.baseUrls("mnist"));
        } finally {
            System.clearProperty(key);
        }
        assertTrue(DatasetMirrors.baseUrls("mnist").get(0).getScheme().startsWith("http"));
        assertThrows(IllegalArgumentException.class, () -> DatasetMirrors.baseUrls("cifar"));
    }

    private void assertNothingWritten() {
        assertFalse(Files.exists(target.resolve("data.gz")), "no file under the final name");
        assertOnlyFinalFile();
    }

    private void assertOnlyFinalFile() {
        try (Stream<Path> files = Files.list(target)) {
            List<Path> leftovers = files.filter(p -> !p.getFileName().toString().equals("data.gz")).toList();
            assertEquals(List.of(), leftovers, "temporary files must be removed");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
