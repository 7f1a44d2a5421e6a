package org.vae4j.core.model;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.nd4j.common.primitives.Triple;
import org.nd4j.linalg.api.buffer.BaseDataBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Checks a model zip before DL4J reads it, so that a broken file fails with its path and what is
 * wrong instead of DL4J's "Model wasnt found within file", a bare EOFException, or an allocation
 * of whatever size a corrupt header declares.
 *
 * <p>Checked: the file is a zip; DL4J's entries are present; every entry inflates to exactly its
 * declared size with its CRC-32, and no declared size exceeds what deflate can produce from the
 * entry's compressed bytes; the ND4J array headers of {@code coefficients.bin} and
 * {@code updaterState.bin} declare no more values than the entry holds (ND4J allocates the
 * declared length before reading).
 */
final class ModelZipCheck {

    static final String CONFIGURATION = "configuration.json";
    static final String COEFFICIENTS = "coefficients.bin";
    static final String NO_PARAMETERS = "noParams.marker";
    static final String UPDATER_STATE = "updaterState.bin";
    /** Deflate's maximum expansion is 1032:1 (zlib technical details); more is a corrupt size field. */
    private static final long MAX_DEFLATE_RATIO = 1032;
    /** Metadata, trainer state and configuration JSON are kilobytes; the history of 10^5 epochs fits. */
    static final int MAX_TEXT_ENTRY_BYTES = 64 << 20;
    /**
     * DL4J's network configuration: a few kilobytes for any VAE (about 2 KB per layer). DL4J reads
     * it whole and builds a tree of it, several times its size in heap.
     */
    static final int MAX_CONFIGURATION_BYTES = 4 << 20;
    /** An ND4J shape-information buffer: rank, shape, strides and 3 more; rank 32 at most. */
    private static final long MAX_SHAPE_INFO_LENGTH = 2 * 32 + 4;

    private ModelZipCheck() {
    }

    /** Throws an IOException naming {@code file} and the problem, or returns when DL4J can read it. */
    static void check(Path file) throws IOException {
        try (ZipFile zip = open(file)) {
            if (zip.getEntry(CONFIGURATION) == null) {
                throw new IOException(file + " is not a DL4J model zip: it has no " + CONFIGURATION + " entry");
            }
            if (zip.getEntry(COEFFICIENTS) == null && zip.getEntry(NO_PARAMETERS) == null) {
                throw new IOException(file + " is not a complete DL4J model zip: it has no " + COEFFICIENTS
                        + " entry (the parameters)");
            }
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".json")) {
                    // Bounded before inflating: DL4J reads configuration.json whole into a String.
                    long limit = entry.getName().equals(CONFIGURATION) ? MAX_CONFIGURATION_BYTES : MAX_TEXT_ENTRY_BYTES;
                    if (entry.getSize() > limit) {
                        throw new IOException(file + ": entry " + entry.getName() + " declares " + entry.getSize()
                                + " bytes, more than the " + limit + " it can have");
                    }
                }
                checkEntry(file, zip, entry);
            }
            // Type names before DL4J's mapper sees them (it initialises the classes they name).
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".json")) {
                    checkTypeNames(file, entry.getName(), readText(file, zip, entry));
                }
            }
            for (String arrays : new String[] {COEFFICIENTS, UPDATER_STATE}) {
                ZipEntry entry = zip.getEntry(arrays);
                if (entry != null) {
                    checkArrayHeader(file, zip, entry);
                }
            }
        }
    }

    /**
     * The text of one entry, or null when there is none; its size is checked before it is read,
     * and a JSON entry's type names before it is returned.
     */
    static String readText(Path file, String entryName) throws IOException {
        try (ZipFile zip = open(file)) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                return null;
            }
            String text = readText(file, zip, entry);
            if (entryName.endsWith(".json")) {
                checkTypeNames(file, entryName, text);
            }
            return text;
        }
    }

    private static void checkTypeNames(Path file, String entryName, String json) throws IOException {
        try {
            org.vae4j.core.io.TypeNames.check(json, file + ": entry " + entryName);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String readText(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        String entryName = entry.getName();
        if (entry.getSize() > MAX_TEXT_ENTRY_BYTES) {
            throw new IOException(file + ": entry " + entryName + " declares " + entry.getSize()
                    + " bytes, more than the " + MAX_TEXT_ENTRY_BYTES + " a vae4j text entry can have");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_TEXT_ENTRY_BYTES + 1);
            if (bytes.length > MAX_TEXT_ENTRY_BYTES || (entry.getSize() >= 0 && bytes.length != entry.getSize())) {
                throw corrupt(file, entry, "holds " + bytes.length + " bytes, declares " + entry.getSize(), null);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (ZipException | EOFException e) {
            throw corrupt(file, entry, describe(e), e);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            // The JDK reads a zip from its end: a cut-off file has no end-of-central-directory record.
            String hint = String.valueOf(e.getMessage()).contains("END header") ? " (truncated, or not a zip)" : "";
            throw new IOException(file + " is not a readable model zip: " + describe(e) + hint, e);
        }
    }

    private static void checkEntry(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        long declared = entry.getSize();
        long compressed = entry.getCompressedSize();
        if (declared < 0 || (entry.getMethod() == ZipEntry.DEFLATED && compressed >= 0
                && declared > compressed * MAX_DEFLATE_RATIO + 1024)) {
            throw corrupt(file, entry, "declares " + declared + " bytes from " + compressed + " compressed bytes", null);
        }
        long read = 0;
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] chunk = new byte[1 << 16];
            // Stop one byte past the declared size: enough to know it is wrong, bounded whatever the data.
            for (int n; read <= declared && (n = in.read(chunk, 0, (int) Math.min(chunk.length, declared + 1 - read)))
                    > 0; ) {
                crc.update(chunk, 0, n);
                read += n;
            }
        } catch (ZipException | EOFException e) {
            throw corrupt(file, entry, "unreadable after " + read + " of " + declared + " bytes: " + describe(e), e);
        }
        if (read != declared) {
            throw corrupt(file, entry, "holds " + (read > declared ? "more than" : "only") + " " + read
                    + " bytes, declares " + declared, null);
        }
        // ZipFile does not check the CRC: damaged bytes of the right length would load as other parameters.
        if (entry.getCrc() != -1 && crc.getValue() != entry.getCrc()) {
            throw corrupt(file, entry, "CRC-32 mismatch (damaged data)", null);
        }
    }

    /**
     * ND4J's array format: a header and values for the shape information, then for the data. The
     * shape information is checked against the data as well as its length: native code trusts its
     * strides, element-wise stride and data type, so a changed stride read memory far outside the
     * array and crashed the JVM (found by {@code ModelZipFuzzTest}).
     */
    private static void checkArrayHeader(Path file, ZipFile zip, ZipEntry entry) throws IOException {
        long remaining = entry.getSize();
        try (DataInputStream in = new DataInputStream(zip.getInputStream(entry))) {
            long[] shapeInformation = null;
            for (String part : new String[] {"shape information", "values"}) {
                CountingHeader header = CountingHeader.read(in);
                remaining -= header.bytes;
                long length = header.triple.getMiddle();
                DataType type = header.triple.getRight();
                int width = type == null || type == DataType.COMPRESSED || type == DataType.UTF8
                        || type == DataType.UNKNOWN ? -1 : type.width();
                boolean shapePart = shapeInformation == null;
                if (width <= 0 || length < 0 || (shapePart && (length > MAX_SHAPE_INFO_LENGTH
                        || (type != DataType.LONG && type != DataType.INT))) || length > remaining / width) {
                    throw corrupt(file, entry, "declares " + length + " " + type + " " + part + " ("
                            + (width > 0 ? length * width + " bytes" : "an unsupported type") + ") but holds "
                            + Math.max(remaining, 0) + " more bytes", null);
                }
                if (shapePart) {
                    shapeInformation = new long[(int) length];
                    for (int i = 0; i < length; i++) {
                        shapeInformation[i] = type == DataType.LONG ? in.readLong() : in.readInt();
                    }
                } else {
                    String problem = ArrayShapeCheck.problem(shapeInformation, length, type);
                    if (problem != null) {
                        throw corrupt(file, entry, problem, null);
                    }
                    in.skipNBytes(length * width);
                }
                remaining -= length * width;
            }
        } catch (EOFException | RuntimeException e) {
            // ND4J's readHeader wraps an unknown allocation mode or data type name in a RuntimeException.
            throw corrupt(file, entry, "not an ND4J array: " + describe(e), e);
        }
    }

    /** {@link BaseDataBuffer#readHeader} and the bytes it consumed. */
    private record CountingHeader(Triple<DataBuffer.AllocationMode, Long, DataType> triple, long bytes) {
        static CountingHeader read(DataInputStream in) throws IOException {
            CountingStream counting = new CountingStream(in);
            Triple<DataBuffer.AllocationMode, Long, DataType> triple = BaseDataBuffer.readHeader(counting);
            return new CountingHeader(triple, counting.count);
        }
    }

    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static IOException corrupt(Path file, ZipEntry entry, String what, Throwable cause) {
        return new IOException(file + ": entry " + entry.getName() + " is corrupt: " + what, cause);
    }

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof EOFException && message == null) {
            return "unexpected end of data";
        }
        return message != null ? message.lines().findFirst().orElse(message) : root.getClass().getSimpleName();
    }
}
