package org.vae4j.datasets.npy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format for little-endian, C-ordered float32, float64, int32 and int64
 * arrays: what {@code numpy.save} writes and {@code numpy.load} reads, so that data and weights
 * move between vae4j and Python tools without a dependency. Format: magic {@code \x93NUMPY},
 * version, a little-endian header length (2 bytes in version 1.0, 4 in 2.0 and 3.0), a Python
 * dict literal padded with spaces to a multiple of 64 bytes and ended by a newline, then the data.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * An array read from a file: its shape and its values in C order, widened to double (exact
     * for float32, float64 and int32; int64 beyond 2^53 is refused).
     *
     * @param dtype NumPy's type string, e.g. {@code <f4}
     */
    public record Array(long[] shape, double[] values, String dtype) {

        /** The number of elements the shape holds (1 for a scalar). */
        public long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    private Npy() {
    }

    /** Writes float32 values in C order with the given shape (a rank-0 shape is a scalar). */
    public static void writeFloat32(Path file, long[] shape, float[] values) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(values);
        write(file, "<f4", shape, values.length, body.array());
    }

    /** Writes float64 values in C order with the given shape. */
    public static void writeFloat64(Path file, long[] shape, double[] values) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asDoubleBuffer().put(values);
        write(file, "<f8", shape, values.length, body.array());
    }

    /** Writes int32 values in C order with the given shape. */
    public static void writeInt32(Path file, long[] shape, int[] values) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asIntBuffer().put(values);
        write(file, "<i4", shape, values.length, body.array());
    }

    private static void write(Path file, String dtype, long[] shape, long count, byte[] body) throws IOException {
        long expected = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (expected != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + expected
                    + " values, got " + count);
        }
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i]);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        }
    }

    /** Reads a little-endian, C-ordered float32, float64, int32 or int64 array. */
    public static Array read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(file + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[MAGIC.length];
        in.position(MAGIC.length + 2);
        int headerLength;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(in.getShort());
        } else if (major == 2 || major == 3) {
            headerLength = in.getInt();
        } else {
            throw new IOException(file + ": .npy format version " + major + " is not supported");
        }
        int dataStart = in.position() + headerLength;
        if (headerLength < 0 || dataStart > bytes.length) {
            throw new IOException(file + ": truncated .npy header");
        }
        String header = new String(bytes, in.position(), headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String dtype = group(DESCR, header, file, "descr");
        if ("True".equals(group(FORTRAN, header, file, "fortran_order"))) {
            throw new IOException(file + ": Fortran-ordered arrays are not supported; save a C-ordered copy");
        }
        long[] shape = parseShape(group(SHAPE, header, file, "shape"), file);
        long size = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        int width = switch (dtype) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            default -> throw new IOException(file + ": dtype " + dtype + " is not supported (little-endian "
                    + "float32, float64, int32 or int64: <f4, <f8, <i4, <i8)");
        };
        if (size > Integer.MAX_VALUE || (long) dataStart + size * width != bytes.length) {
            throw new IOException(file + ": shape " + Arrays.toString(shape) + " of " + dtype + " needs "
                    + size * width + " data bytes, the file has " + (bytes.length - dataStart));
        }
        in.position(dataStart);
        double[] values = new double[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case "<f4" -> in.getFloat();
                case "<f8" -> in.getDouble();
                case "<i4" -> in.getInt();
                default -> exactLong(in.getLong(), file);
            };
        }
        return new Array(shape, values, dtype);
    }

    private static double exactLong(long value, Path file) throws IOException {
        if (Math.abs(value) > (1L << 53)) {
            throw new IOException(file + ": int64 value " + value + " cannot be represented exactly as a double");
        }
        return value;
    }

    private static String group(Pattern pattern, String header, Path file, String key) throws IOException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": .npy header has no '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, Path file) throws IOException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                try {
                    dims.add(Long.parseLong(part.strip().replace("L", "")));
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": bad .npy shape (" + text + ")");
                }
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }
}
