package org.vae4j.datasets.fetch;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file to fetch and the SHA-256 its content must have.
 *
 * @param fileName      name on the mirror and on disk, e.g. {@code train-images-idx3-ubyte.gz}
 * @param contentSha256 SHA-256 of the content: of the decompressed bytes when the name ends in
 *                      {@code .gz} (see {@link org.vae4j.datasets.Sha256})
 */
public record PinnedFile(String fileName, String contentSha256) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public PinnedFile {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("fileName must be a plain file name, got '" + fileName + "'");
        }
        contentSha256 = Objects.requireNonNull(contentSha256, "contentSha256").toLowerCase(Locale.ROOT);
        if (!HEX64.matcher(contentSha256).matches()) {
            throw new IllegalArgumentException("contentSha256 of " + fileName + " must be 64 hex digits, got '"
                    + contentSha256 + "'");
        }
    }

    public boolean gzip() {
        return fileName.endsWith(".gz");
    }
}
