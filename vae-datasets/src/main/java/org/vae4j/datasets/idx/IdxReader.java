package org.vae4j.datasets.idx;

import org.vae4j.datasets.GrowingBuffer;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Sha256;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX image and label files, raw or gzip-compressed (by the {@code .gz} suffix), and checks
 * magic number, dimensions and length. The whole file is read, including the gzip trailer, so a
 * CRC mismatch or trailing garbage is caught too. Errors are {@link InvalidDataFileException}s
 * naming the file and the problem; no other exception is thrown for bad content, and no header
 * makes the reader allocate more than about twice the bytes the file holds (IdxReaderFuzzTest).
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned bytes with 3 dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of unsigned bytes with 1 dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC_FIRST_TWO_BYTES = 0x1f8b;
    private static final int BUFFER_BYTES = 1 << 16;

    private IdxReader() {
    }

    /** Reads an IDX3 image file ({@code *-images-idx3-ubyte[.gz]}). */
    public static IdxImages readImages(Path file) throws IOException {
        try (HashingInput in = open(file, false)) {
            checkMagic(file, in.data.readInt(), IMAGES_MAGIC, "images");
            int count = readDimension(file, in.data, "image count");
            int rows = readDimension(file, in.data, "rows");
            int columns = readDimension(file, in.data, "columns");
            // Each factor is < 2^31, so the first product fits a long; stop there if it is already too big,
            // else the second could overflow to a small positive or negative number.
            long perImage = (long) rows * columns;
            long bytes = perImage > Integer.MAX_VALUE ? Long.MAX_VALUE : perImage * count;
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new InvalidDataFileException(file, "header declares " + count + " images of " + rows + "x"
                        + columns + " = " + (bytes == Long.MAX_VALUE ? "over 2^31" : String.valueOf(bytes))
                        + " bytes, more than a Java array can hold");
            }
            byte[] pixels = readBody(file, in.data, (int) bytes, 16, count + " images of " + rows + "x" + columns);
            return new IdxImages(file, count, rows, columns, pixels);
        } catch (EOFException e) {
            throw new InvalidDataFileException(file, "truncated inside the 16-byte IDX header", e);
        } catch (ZipException e) {
            throw new InvalidDataFileException(file, "corrupt gzip data in the IDX header: " + e.getMessage(), e);
        }
    }

    /** Reads an IDX1 label file ({@code *-labels-idx1-ubyte[.gz]}). */
    public static IdxLabels readLabels(Path file) throws IOException {
        try (HashingInput in = open(file, true)) {
            checkMagic(file, in.data.readInt(), LABELS_MAGIC, "labels");
            int count = readDimension(file, in.data, "label count");
            byte[] labels = readBody(file, in.data, count, 8, count + " labels");
            return new IdxLabels(file, labels, in.sha256());
        } catch (EOFException e) {
            throw new InvalidDataFileException(file, "truncated inside the 8-byte IDX header", e);
        } catch (ZipException e) {
            throw new InvalidDataFileException(file, "corrupt gzip data in the IDX header: " + e.getMessage(), e);
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String what) throws IOException {
        if (magic == expected) {
            return;
        }
        String hint = "";
        if ((magic >>> 16) == GZIP_MAGIC_FIRST_TWO_BYTES) {
            hint = " (the file is gzip-compressed but its name does not end in .gz)";
        } else if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC) {
            hint = " (images and labels files swapped?)";
        }
        throw new InvalidDataFileException(file, "wrong IDX magic number for " + what + ": expected " + expected
                + " (0x" + Integer.toHexString(expected) + "), found " + magic + " (0x" + Integer.toHexString(magic)
                + ")" + hint);
    }

    private static int readDimension(Path file, DataInputStream in, String name) throws IOException {
        int value = in.readInt();
        if (value <= 0) {
            throw new InvalidDataFileException(file, "IDX header declares " + name + " = " + value + ", must be > 0");
        }
        return value;
    }

    /**
     * Reads exactly {@code length} bytes, then insists on end of file. The length comes from the
     * header, so it is checked against the data present before anything that size is allocated:
     * against the file length for a raw file, and for gzip (whose content length is known only at
     * its end) by growing the buffer as bytes arrive.
     */
    private static byte[] readBody(Path file, DataInputStream in, int length, int headerBytes, String declared)
            throws IOException {
        if (!isGzip(file)) {
            long present = Files.size(file) - headerBytes;
            if (present < length) {
                throw truncated(file, length, headerBytes, declared, present);
            }
            if (present > length) {
                throw trailing(file, declared);
            }
            return readExactly(file, in, length, headerBytes, declared);
        }
        GrowingBuffer body = new GrowingBuffer(length);
        try {
            return readGrowing(file, in, body, length, headerBytes, declared);
        } catch (GrowingBuffer.TooLargeException e) {
            throw tooLarge(file, declared, length, e.getMessage(), e);
        }
    }

    /** The one-line error for a body the heap cannot hold, {@code why} saying how much memory is left. */
    private static InvalidDataFileException tooLarge(Path file, String declared, int length, String why,
                                                     Throwable cause) {
        return new InvalidDataFileException(file, declared + " (" + length + " bytes) are more than this JVM can "
                + "hold: " + why + "; use a file with fewer images or raise VAE4J_JAVA_OPTS=-Xmx...", cause);
    }

    /**
     * A raw file whose length matched the header: read into an array of exactly that length (growing one
     * from 64 KB by doubling copied MNIST's 47 MB about twice over, for nothing).
     */
    private static byte[] readExactly(Path file, DataInputStream in, int length, int headerBytes, String declared)
            throws IOException {
        long available = org.vae4j.core.HeapBudget.availableBytes();
        if (length > available) {
            throw tooLarge(file, declared, length, available / (1024 * 1024) + " MiB left", null);
        }
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {   // the file shrank after its size was read
            throw truncated(file, length, headerBytes, declared, read);
        }
        if (in.read() >= 0) {   // or grew
            throw trailing(file, declared);
        }
        return body;
    }

    private static byte[] readGrowing(Path file, DataInputStream in, GrowingBuffer body, int length, int headerBytes,
                                      String declared) throws IOException {
        try {
            if (!body.fill(in)) {
                throw truncated(file, length, headerBytes, declared, body.filled());
            }
            if (in.read() >= 0) {
                throw trailing(file, declared);
            }
        } catch (EOFException e) {
            // GZIPInputStream reports a cut-off compressed stream this way.
            throw new InvalidDataFileException(file, "truncated gzip stream after " + body.filled() + " of " + length
                    + " data bytes (" + declared + ")", e);
        } catch (ZipException e) {
            throw new InvalidDataFileException(file, "corrupt gzip data after " + body.filled() + " of " + length
                    + " data bytes: " + e.getMessage(), e);
        }
        return body.bytes();
    }

    private static InvalidDataFileException truncated(Path file, int length, int headerBytes, String declared,
                                                      long present) {
        return new InvalidDataFileException(file, "truncated: header declares " + declared + " (" + length
                + " bytes after the " + headerBytes + "-byte header) but the data ends after " + present + " bytes");
    }

    private static InvalidDataFileException trailing(Path file, String declared) {
        return new InvalidDataFileException(file, "trailing bytes after the " + declared
                + " the header declares (wrong header or two files concatenated)");
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    private static HashingInput open(Path file, boolean hash) throws IOException {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        try {
            InputStream decoded = isGzip(file) ? new GZIPInputStream(raw, BUFFER_BYTES) : raw;
            return new HashingInput(decoded, hash);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new InvalidDataFileException(file, "named .gz but not a valid gzip stream: " + e.getMessage(), e);
        }
    }

    /** The decoded stream, with a SHA-256 of everything read through it when asked for. */
    private static final class HashingInput implements AutoCloseable {
        final MessageDigest digest;
        final DataInputStream data;

        HashingInput(InputStream decoded, boolean hash) {
            this.digest = hash ? Sha256.newDigest() : null;
            this.data = new DataInputStream(hash ? new DigestInputStream(decoded, digest) : decoded);
        }

        String sha256() {
            return Sha256.hex(digest);
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }
}
