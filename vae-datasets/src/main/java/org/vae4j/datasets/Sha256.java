package org.vae4j.datasets;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * SHA-256 helpers. Pinned checksums of IDX data are of the uncompressed content, because the same
 * data circulates raw (npm package, DL4J's cache) and gzip-compressed with different compressors
 * (the original mirrors, Debian): hashing the content identifies the data, not the packaging.
 */
public final class Sha256 {

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must support SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256 of the file's bytes as stored. */
    public static String ofFile(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return ofStream(in);
        }
    }

    /**
     * SHA-256 of the file's content: its bytes, or for a name ending in {@code .gz} the
     * decompressed bytes. A corrupt gzip stream throws {@link InvalidDataFileException}.
     */
    public static String ofContent(Path file) throws IOException {
        return ofContent(file, file.getFileName().toString().endsWith(".gz"));
    }

    /** SHA-256 of the file's content, decompressing when {@code gzip} (for temporary names). */
    public static String ofContent(Path file, boolean gzip) throws IOException {
        if (!gzip) {
            return ofFile(file);
        }
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16),
                1 << 16)) {
            return ofStream(in);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidDataFileException(file, "corrupt or truncated gzip stream: " + e.getMessage(), e);
        }
    }

    private static String ofStream(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return hex(digest);
    }
}
