package org.vae4j.datasets.frey;

import org.vae4j.datasets.GrowingBuffer;
import org.vae4j.datasets.InvalidDataFileException;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Finds one variable in a MATLAB level-5 MAT-file (what MATLAB v6 and v7 and scipy write:
 * uncompressed or with zlib-compressed variables; the MathWorks "MAT-File Format" document, chapter
 * 1) and reads it if it is a uint8 array.
 *
 * <p>Why not a general MAT library: every length in the file (of an element, of the dimensions,
 * of the name, of the data, of a compressed element once inflated) is a field an attacker or a bit
 * flip controls, and general readers allocate what those fields say. Here each is checked against
 * the bytes present before anything is allocated: lengths against the rest of the file or of the
 * enclosing element, and data inside a compressed element by growing the buffer as inflated bytes
 * arrive ({@link GrowingBuffer}). Every problem is an {@link InvalidDataFileException} naming the
 * file and the byte offset of the element (MatFileReaderFuzzTest).
 */
final class MatFileReader {

    static final int HEADER_BYTES = 128;
    // Data types (table 1-1 of the format document).
    static final int MI_INT8 = 1;
    static final int MI_UINT8 = 2;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_MATRIX = 14;
    static final int MI_COMPRESSED = 15;
    // Array classes (table 1-3).
    static final int MX_UINT8_CLASS = 9;
    private static final String[] CLASS_NAMES = {"unknown class 0", "cell", "struct", "object", "char", "sparse",
            "double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
            "function handle", "opaque object"};
    private static final int COMPLEX_FLAG = 0x0800;
    private static final int LOGICAL_FLAG = 0x0200;
    /** MATLAB arrays have a handful of dimensions; a header claiming more is corrupt. */
    static final int MAX_DIMENSIONS = 64;
    /** MATLAB's namelengthmax is 63; allow some slack for other writers. */
    static final int MAX_NAME_BYTES = 255;

    private final Path file;
    private ByteOrder order;

    private MatFileReader(Path file) {
        this.file = file;
    }

    /**
     * The variable {@code wanted} of {@code file}, with its data when it is a real uint8 array.
     *
     * @throws InvalidDataFileException when the file is not a readable level-5 MAT-file or has no
     *                                  such variable
     */
    static MatArray read(Path file, String wanted) throws IOException {
        return new MatFileReader(file).find(wanted);
    }

    private MatArray find(String wanted) throws IOException {
        long fileBytes = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Bounded in = new Bounded(raw, fileBytes);
            readHeader(in, fileBytes);
            List<String> names = new ArrayList<>();
            while (in.remaining() > 0) {
                long offset = in.position();
                if (in.remaining() < 8) {
                    throw problem(offset, "truncated: " + in.remaining() + " bytes after the last variable, too few "
                            + "for an element tag");
                }
                int type = readInt(in);
                long declared = Integer.toUnsignedLong(readInt(in));
                if (declared > in.remaining()) {
                    throw problem(offset, "element declares " + declared + " bytes but only " + in.remaining()
                            + " remain in the file (truncated or corrupt)");
                }
                Bounded element = new Bounded(in, declared);
                MatArray found;
                if (type == MI_MATRIX) {
                    found = matrix(element, offset, wanted);
                } else if (type == MI_COMPRESSED) {
                    found = compressed(element, offset, wanted);
                } else {
                    throw problem(offset, "element of type " + type + ", expected a matrix (" + MI_MATRIX
                            + ") or a compressed variable (" + MI_COMPRESSED + ")");
                }
                if (found != null && found.name().equals(wanted)) {
                    return found;
                }
                if (found != null) { // null: an empty matrix element, which MATLAB writes without a name
                    names.add(found.name());
                }
                element.skipRest();
                if (type == MI_MATRIX) {
                    in.skipAtMost(padding(declared)); // compressed elements are not padded
                }
            }
            throw new InvalidDataFileException(file, "has no variable '" + wanted + "'"
                    + (names.isEmpty() ? "" : " (variables: " + String.join(", ", names) + ")"));
        }
    }

    private void readHeader(Bounded in, long fileBytes) throws IOException {
        byte[] header = in.readNBytes(HEADER_BYTES);
        String text = new String(header, 0, Math.min(header.length, 116), StandardCharsets.ISO_8859_1);
        if (text.startsWith("MATLAB 7.3")) {
            throw new InvalidDataFileException(file, "is a MATLAB 7.3 (HDF5) MAT-file, which vae4j does not read; "
                    + "save it with save(..., '-v7') or '-v6'");
        }
        if (header.length < HEADER_BYTES) {
            throw new InvalidDataFileException(file, "not a MAT-file: " + fileBytes + " bytes, shorter than the "
                    + HEADER_BYTES + "-byte MAT-file header");
        }
        if (header[126] == 'I' && header[127] == 'M') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (header[126] == 'M' && header[127] == 'I') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new InvalidDataFileException(file, "not a level-5 MAT-file (MATLAB v6/v7): no 'MI'/'IM' endian "
                    + "indicator at bytes 126-127 of the header");
        }
        int version = order == ByteOrder.LITTLE_ENDIAN ? (header[124] & 0xff) | (header[125] & 0xff) << 8
                : (header[124] & 0xff) << 8 | (header[125] & 0xff);
        if (version != 0x0100) {
            throw new InvalidDataFileException(file, "MAT-file header version 0x" + Integer.toHexString(version)
                    + ", expected 0x100 (level 5)");
        }
    }

    /** A zlib-compressed element: inflates just enough to read the variable's header, then its data. */
    private MatArray compressed(Bounded element, long offset, String wanted) throws IOException {
        Inflater inflater = new Inflater();
        try {
            InputStream inflated = new InflaterInputStream(element, inflater, 1 << 14);
            int type = readInt(inflated);
            long declared = Integer.toUnsignedLong(readInt(inflated));
            if (type != MI_MATRIX) {
                throw problem(offset, "compressed element holds an element of type " + type + ", expected a matrix ("
                        + MI_MATRIX + ")");
            }
            // The inflated length is unknown until the stream ends: bound reads by the declared
            // length, and let GrowingBuffer bound the data allocation by what actually inflates.
            return matrix(new Bounded(inflated, declared), offset, wanted);
        } catch (ZipException e) {
            throw problem(offset, "corrupt compressed data: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw problem(offset, "compressed data ends early (truncated or corrupt)", e);
        } finally {
            inflater.end();
        }
    }

    /** A matrix element (after its tag): array flags, dimensions, name, then data if wanted. */
    private MatArray matrix(Bounded in, long offset, String wanted) throws IOException {
        if (in.remaining() == 0) {
            return null; // MATLAB writes empty matrices this way.
        }
        try {
            Subelement flagsTag = subelement(in, offset, "array flags");
            if (flagsTag.type != MI_UINT32 || flagsTag.bytes != 8) {
                throw problem(offset, "array flags are " + flagsTag.bytes + " bytes of type " + flagsTag.type
                        + ", expected 8 bytes of type " + MI_UINT32);
            }
            int flags = readInt(in);
            readInt(in); // nzmax, sparse arrays only
            int matlabClass = flags & 0xff;

            Subelement dimensionsTag = subelement(in, offset, "dimensions");
            if (dimensionsTag.type != MI_INT32 || dimensionsTag.bytes % 4 != 0 || dimensionsTag.bytes < 8
                    || dimensionsTag.bytes > 4L * MAX_DIMENSIONS) {
                throw problem(offset, "dimensions are " + dimensionsTag.bytes + " bytes of type " + dimensionsTag.type
                        + ", expected 2 to " + MAX_DIMENSIONS + " int32 values");
            }
            int[] dimensions = new int[(int) (dimensionsTag.bytes / 4)];
            for (int i = 0; i < dimensions.length; i++) {
                dimensions[i] = readInt(in);
                if (dimensions[i] < 0) {
                    throw problem(offset, "negative dimension " + dimensions[i]);
                }
            }
            dimensionsTag.skipPadding(in);

            Subelement nameTag = subelement(in, offset, "name");
            if (nameTag.type != MI_INT8 || nameTag.bytes > MAX_NAME_BYTES) {
                throw problem(offset, "variable name is " + nameTag.bytes + " bytes of type " + nameTag.type
                        + ", expected at most " + MAX_NAME_BYTES + " bytes of type " + MI_INT8);
            }
            String name = new String(in.readExactly((int) nameTag.bytes), StandardCharsets.US_ASCII);
            nameTag.skipPadding(in);

            String className = matlabClass < CLASS_NAMES.length ? CLASS_NAMES[matlabClass]
                    : "unknown class " + matlabClass;
            boolean complex = (flags & COMPLEX_FLAG) != 0;
            boolean logical = (flags & LOGICAL_FLAG) != 0;
            byte[] data = null;
            if (name.equals(wanted) && matlabClass == MX_UINT8_CLASS && !complex && !logical) {
                data = uint8Data(in, offset, name, dimensions);
            }
            return new MatArray(name, className, complex, logical, dimensions, data);
        } catch (EOFException e) {
            throw problem(offset, "a part of the variable extends past the end of its element (truncated or "
                    + "corrupt)", e);
        }
    }

    private byte[] uint8Data(Bounded in, long offset, String name, int[] dimensions) throws IOException {
        long values = 1;
        for (int d : dimensions) {
            values *= d;
            if (values > Integer.MAX_VALUE - 8) {
                throw problem(offset, "variable '" + name + "' declares " + java.util.Arrays.toString(dimensions)
                        + " values, more than a Java array can hold");
            }
        }
        Subelement dataTag = subelement(in, offset, "data of '" + name + "'");
        if (dataTag.type != MI_UINT8) {
            throw problem(offset, "uint8 variable '" + name + "' stores its values as type " + dataTag.type
                    + ", expected " + MI_UINT8 + " (uint8)");
        }
        if (dataTag.bytes != values) {
            throw problem(offset, "variable '" + name + "' is " + java.util.Arrays.toString(dimensions) + " = "
                    + values + " values but its data holds " + dataTag.bytes + " bytes");
        }
        if (dataTag.bytes > in.remaining()) {
            throw problem(offset, "data of '" + name + "' declares " + dataTag.bytes + " bytes but its element has "
                    + in.remaining() + " left");
        }
        GrowingBuffer data = new GrowingBuffer((int) values);
        if (!data.fill(in)) {
            throw problem(offset, "data of '" + name + "' ends after " + data.filled() + " of " + values
                    + " bytes (truncated)");
        }
        return data.bytes();
    }

    /** A sub-element tag, in the normal (8-byte) or the small (4-byte tag, data inline) format. */
    private Subelement subelement(Bounded in, long offset, String what) throws IOException {
        int first = readInt(in);
        if ((first >>> 16) != 0) {
            // Small data element: size in the upper half, data in the next 4 bytes, no padding.
            int bytes = first >>> 16;
            if (bytes > 4) {
                throw problem(offset, what + " in the small element format declares " + bytes
                        + " bytes, at most 4 fit");
            }
            return new Subelement(first & 0xffff, bytes, true);
        }
        long bytes = Integer.toUnsignedLong(readInt(in));
        if (bytes > in.remaining()) {
            throw problem(offset, what + " declares " + bytes + " bytes but its element has " + in.remaining()
                    + " left");
        }
        return new Subelement(first, bytes, false);
    }

    private record Subelement(int type, long bytes, boolean small) {
        /** Skips to the next 8-byte boundary; a small element always fills its 4 data bytes. */
        void skipPadding(Bounded in) throws IOException {
            long pad = small ? 4 - bytes : padding(bytes);
            in.skipExactly(pad);
        }
    }

    private static long padding(long bytes) {
        return (8 - bytes % 8) % 8;
    }

    private int readInt(InputStream in) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        int b3 = in.read();
        if ((b0 | b1 | b2 | b3) < 0) {
            throw new EOFException();
        }
        return order == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 | b3 << 24
                : b0 << 24 | b1 << 16 | b2 << 8 | b3;
    }

    private InvalidDataFileException problem(long offset, String what) {
        return new InvalidDataFileException(file, "variable at byte " + offset + ": " + what);
    }

    private InvalidDataFileException problem(long offset, String what, Throwable cause) {
        return new InvalidDataFileException(file, "variable at byte " + offset + ": " + what, cause);
    }

    /** At most {@code limit} bytes of a stream, counting what was read. */
    private static final class Bounded extends FilterInputStream {
        private final long limit;
        private long position;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        long position() {
            return position;
        }

        long remaining() {
            return limit - position;
        }

        @Override
        public int read() throws IOException {
            if (position >= limit) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                position++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= limit) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, limit - position));
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, remaining()));
            position += skipped;
            return skipped;
        }

        /** {@code n} bytes (small: names and padding only; callers bound n). */
        byte[] readExactly(int n) throws IOException {
            byte[] bytes = readNBytes(n);
            if (bytes.length < n) {
                throw new EOFException();
            }
            return bytes;
        }

        void skipExactly(long n) throws IOException {
            if (skipAtMost(n) < n) {
                throw new EOFException();
            }
        }

        long skipAtMost(long n) throws IOException {
            long done = 0;
            while (done < n && remaining() > 0) {
                long s = skip(n - done);
                if (s <= 0) {
                    if (read() < 0) {
                        break;
                    }
                    s = 1;
                }
                done += s;
            }
            return done;
        }

        void skipRest() throws IOException {
            skipAtMost(remaining());
        }

        @Override
        public void close() {
            // The enclosing stream is closed by its owner.
        }
    }
}
