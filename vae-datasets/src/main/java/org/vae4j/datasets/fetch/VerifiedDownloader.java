package org.vae4j.datasets.fetch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads a {@link PinnedFile} from a list of mirrors: each mirror is tried up to
 * {@code attemptsPerMirror} times; the bytes go to a temporary file in the target directory, are
 * checked (length against Content-Length, content SHA-256 against the pin) and only then renamed
 * to the final name. A failed, interrupted or corrupt download therefore never leaves a file under
 * the final name. Progress is logged through SLF4J every 10%.
 */
public final class VerifiedDownloader {

    private static final Logger log = LoggerFactory.getLogger(VerifiedDownloader.class);
    private static final int BUFFER_BYTES = 1 << 16;

    private final int attemptsPerMirror;
    private final Duration retryDelay;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    private VerifiedDownloader(Builder b) {
        this.attemptsPerMirror = b.attemptsPerMirror;
        this.retryDelay = b.retryDelay;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns {@code targetDirectory/fileName}, downloading it first unless a file there already
     * has the pinned checksum (a file that does not is replaced).
     *
     * @throws IOException naming every URL tried and why each failed
     */
    public Path fetch(PinnedFile file, List<URI> baseUrls, Path targetDirectory) throws IOException {
        Path target = targetDirectory.resolve(file.fileName());
        if (Files.isRegularFile(target)) {
            String problem = verificationProblem(target, file);
            if (problem == null) {
                return target;
            }
            log.warn("{} exists but {}; downloading it again", target, problem);
        }
        Files.createDirectories(targetDirectory);
        List<String> failures = new ArrayList<>();
        for (URI base : baseUrls) {
            URI url = base.resolve(file.fileName());
            for (int attempt = 1; attempt <= attemptsPerMirror; attempt++) {
                try {
                    downloadVerified(url, file, target);
                    return target;
                } catch (IOException e) {
                    failures.add(url + " (attempt " + attempt + "): " + e.getMessage());
                    log.warn("download of {} failed (attempt {} of {}): {}", url, attempt, attemptsPerMirror,
                            e.getMessage());
                    pause(attempt);
                }
            }
        }
        throw new IOException("could not fetch " + file.fileName() + " into " + targetDirectory
                + " with SHA-256 " + file.contentSha256() + "; tried:\n  " + String.join("\n  ", failures)
                + "\nWithout internet access, run scripts/fetch-data.sh or copy the files there yourself.");
    }

    private void downloadVerified(URI url, PinnedFile file, Path target) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + file.fileName() + ".", ".part");
        try {
            long bytes = download(url, temp);
            String problem = verificationProblem(temp, file);
            if (problem != null) {
                throw new IOException("downloaded " + bytes + " bytes but " + problem);
            }
            moveIntoPlace(temp, target);
            log.info("fetched {} ({} bytes, content SHA-256 verified) from {}", target, bytes, url);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private long download(URI url, Path temp) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout((int) connectTimeout.toMillis());
        connection.setReadTimeout((int) readTimeout.toMillis());
        connection.setInstanceFollowRedirects(true);
        try {
            int status = connection.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException("HTTP " + status + " " + connection.getResponseMessage());
            }
            long expected = connection.getContentLengthLong();
            long copied = 0;
            int loggedTenths = 0;
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    copied += n;
                    if (expected > 0 && copied * 10 / expected > loggedTenths) {
                        loggedTenths = (int) (copied * 10 / expected);
                        log.info("{}: {}% of {} bytes", url, loggedTenths * 10, expected);
                    }
                }
            }
            if (expected >= 0 && copied != expected) {
                throw new IOException("connection closed after " + copied + " of " + expected + " bytes");
            }
            return copied;
        } finally {
            connection.disconnect();
        }
    }

    /** Null when {@code path}'s content has the pinned SHA-256, else what is wrong. */
    private static String verificationProblem(Path path, PinnedFile file) throws IOException {
        String actual;
        try {
            actual = Sha256.ofContent(path, file.gzip());
        } catch (InvalidDataFileException e) {
            return "it is not a valid gzip stream (" + e.getCause().getMessage() + ")";
        }
        return actual.equals(file.contentSha256()) ? null
                : "its content SHA-256 is " + actual + ", expected " + file.contentSha256();
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on odd file systems; a plain rename is still
            // never a partial file, because the content was verified first.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void pause(int attempt) throws IOException {
        try {
            Thread.sleep(retryDelay.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry", e);
        }
    }

    /** Fluent builder with defaults for real mirrors; tests shorten the delays. */
    public static final class Builder {
        private int attemptsPerMirror = 3;
        private Duration retryDelay = Duration.ofSeconds(2);
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration readTimeout = Duration.ofSeconds(60);

        public Builder attemptsPerMirror(int attempts) {
            this.attemptsPerMirror = attempts;
            return this;
        }

        /** Pause before retry k is k times this. */
        public Builder retryDelay(Duration delay) {
            this.retryDelay = delay;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public VerifiedDownloader build() {
            if (attemptsPerMirror < 1) {
                throw new IllegalArgumentException("attemptsPerMirror must be >= 1, got " + attemptsPerMirror);
            }
            if (retryDelay.isNegative() || connectTimeout.isNegative() || readTimeout.isNegative()) {
                throw new IllegalArgumentException("durations must be >= 0");
            }
            return new VerifiedDownloader(this);
        }
    }
}
