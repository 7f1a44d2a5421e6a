package org.vae4j.datasets.idx;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;

import org.vae4j.datasets.Sha256;

/**
 * Images read from an IDX3 file: {@code count} images of {@code rows x columns} unsigned bytes,
 * row-major, image after image. Arrays are shared, not copied (MNIST is 47 MB): do not modify.
 */
public final class IdxImages {

    private final Path source;
    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] pixels;
    private volatile String contentSha256;

    /**
     * @param source  the file read
     * @param count   number of images
     * @param rows    image height in pixels
     * @param columns image width in pixels
     * @param pixels  {@code count * rows * columns} bytes, 0 = background, 255 = ink
     */
    public IdxImages(Path source, int count, int rows, int columns, byte[] pixels) {
        this.source = source;
        this.count = count;
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
    }

    public Path source() {
        return source;
    }

    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public byte[] pixels() {
        return pixels;
    }

    public int pixelsPerImage() {
        return rows * columns;
    }

    /**
     * SHA-256 of the uncompressed IDX content (the same for {@code .gz} and raw files), computed on
     * the first call. The reader checked that the content is exactly the 16-byte header and the
     * pixels, so both are hashed from what was parsed. (Computed while reading, the hash cost every
     * reader 0.13 s of a cold start on MNIST's training images; only the recipes' provenance and
     * their check against the pinned checksums ask for it.)
     */
    public String contentSha256() {
        String hash = contentSha256;
        if (hash == null) {
            MessageDigest digest = Sha256.newDigest();
            digest.update(ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows)
                    .putInt(columns).array());
            digest.update(pixels);
            hash = Sha256.hex(digest);
            contentSha256 = hash;
        }
        return hash;
    }
}
