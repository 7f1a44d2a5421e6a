package org.vae4j.datasets.mnist;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.fetch.DatasetMirrors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The loader's download path with the real pins: a 127.0.0.1 mirror serves the real MNIST files
 * (taken from the data directory filled by scripts/fetch-data.sh) re-gzipped, which must verify
 * because the pins are of the content, not of one particular gzip encoding.
 */
class MnistDownloadTest {

    @TempDir
    Path empty;

    @Test
    void downloadsVerifiesAndLoadsFromAnOverriddenMirror() throws IOException {
        Path source = realMnistDirectory();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        for (String name : MnistFiles.ALL) {
            byte[] gz = fastGzip(Files.readAllBytes(MnistFiles.find(source, name).orElseThrow()));
            server.createContext("/mnist/" + name + ".gz", exchange -> {
                requests.incrementAndGet();
                exchange.sendResponseHeaders(200, gz.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(gz);
                }
            });
        }
        server.start();
        String key = DatasetMirrors.PROPERTY_PREFIX + "mnist";
        System.setProperty(key, "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
        try {
            List<DataDirectory.Location> locations = DataDirectory.locations(empty.resolve("data"), null, null,
                    empty.resolve("home"));
            MnistData mnist = MnistData.loader(MnistVariant.MNIST).locations(locations).download(true).load();
            assertEquals(empty.resolve("data").resolve("mnist"), mnist.directory());
            assertEquals(4, requests.get());
            assertTrue(Files.isRegularFile(mnist.directory().resolve("train-images-idx3-ubyte.gz")));
            assertEquals(60_000, mnist.trainFile().count());
            MnistData.loader(MnistVariant.MNIST).locations(locations).download(true).load();
            assertEquals(4, requests.get(), "files present: no second download");
        } finally {
            System.clearProperty(key);
            server.stop(0);
        }
    }

    private static Path realMnistDirectory() throws IOException {
        for (DataDirectory.Location l : DataDirectory.locations(null)) {
            Path dir = l.root().resolve(l.dl4jCache() ? "MNIST" : "mnist");
            if (MnistFiles.complete(dir)) {
                return dir;
            }
        }
        return fail("real MNIST not found: run scripts/fetch-data.sh");
    }

    private static byte[] fastGzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.length / 4);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

}
