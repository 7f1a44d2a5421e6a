package org.vae4j.datasets.idx;

import java.nio.file.Path;

/**
 * Labels read from an IDX1 file. The array is shared, not copied: do not modify.
 *
 * @param source        the file read
 * @param labels        one unsigned byte per example
 * @param contentSha256 SHA-256 of the uncompressed IDX content
 */
public record IdxLabels(Path source, byte[] labels, String contentSha256) {

    public int count() {
        return labels.length;
    }
}
