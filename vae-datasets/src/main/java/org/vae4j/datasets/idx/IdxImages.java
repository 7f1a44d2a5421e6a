package org.vae4j.datasets.idx;

import java.nio.file.Path;

/**
 * Images read from an IDX3 file: {@code count} images of {@code rows x columns} unsigned bytes,
 * row-major, image after image. Arrays are shared, not copied (MNIST is 47 MB): do not modify.
 *
 * @param source        the file read
 * @param count         number of images
 * @param rows          image height in pixels
 * @param columns       image width in pixels
 * @param pixels        {@code count * rows * columns} bytes, 0 = background, 255 = ink
 * @param contentSha256 SHA-256 of the uncompressed IDX content (same for {@code .gz} and raw files)
 */
public record IdxImages(Path source, int count, int rows, int columns, byte[] pixels, String contentSha256) {

    public int pixelsPerImage() {
        return rows * columns;
    }
}
