package org.vae4j.datasets.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Level-5 MAT-file bytes built by hand from the MathWorks format document, independently of any
 * MAT library: a 128-byte header, then matrix elements, uncompressed or zlib-compressed.
 */
public final class MatFixtures {

    public static final ByteOrder LITTLE = ByteOrder.LITTLE_ENDIAN;
    public static final int MI_INT8 = 1;
    public static final int MI_UINT8 = 2;
    public static final int MI_INT32 = 5;
    public static final int MI_UINT32 = 6;
    public static final int MI_DOUBLE = 9;
    public static final int MI_MATRIX = 14;
    public static final int MI_COMPRESSED = 15;
    public static final int MX_DOUBLE_CLASS = 6;
    public static final int MX_UINT8_CLASS = 9;

    private MatFixtures() {
    }

    /** The 128-byte header: text, no subsystem, version 0x0100, endian indicator. */
    public static byte[] header(ByteOrder order) {
        byte[] header = new byte[128];
        Arrays.fill(header, 0, 116, (byte) ' ');
        byte[] text = "MATLAB 5.0 MAT-file, written by vae4j tests".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        ByteBuffer b = ByteBuffer.wrap(header).order(order);
        b.putShort(124, (short) 0x0100);
        b.putShort(126, (short) ('M' << 8 | 'I')); // reads back as "IM" little-endian, "MI" big-endian
        return header;
    }

    /** A whole miMATRIX element (tag included) of a real uint8 {@code rows x columns} array. */
    public static byte[] uint8Matrix(ByteOrder order, String name, int rows, int columns, byte[] columnMajor) {
        return matrix(order, MX_UINT8_CLASS, name, rows, columns, MI_UINT8, columnMajor);
    }

    /** A whole miMATRIX element of class {@code matlabClass} whose data element has {@code dataType}. */
    public static byte[] matrix(ByteOrder order, int matlabClass, String name, int rows, int columns, int dataType,
                                byte[] data) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        boolean smallName = nameBytes.length <= 4; // as MATLAB writes short names
        int nameElement = smallName ? 8 : 8 + padded(nameBytes.length);
        ByteBuffer body = ByteBuffer.allocate(16 + 16 + nameElement + 8 + padded(data.length)).order(order);
        body.putInt(MI_UINT32).putInt(8).putInt(matlabClass).putInt(0);
        body.putInt(MI_INT32).putInt(8).putInt(rows).putInt(columns);
        int nameStart = body.position();
        if (smallName) {
            body.putInt(nameBytes.length << 16 | MI_INT8).put(nameBytes);
        } else {
            body.putInt(MI_INT8).putInt(nameBytes.length).put(nameBytes);
        }
        body.position(nameStart + nameElement);
        body.putInt(dataType).putInt(data.length).put(data);
        return element(order, MI_MATRIX, body.array());
    }

    /** {@code element} (a whole element, tag included) zlib-compressed into an miCOMPRESSED element. */
    public static byte[] compressed(ByteOrder order, byte[] element) {
        Deflater deflater = new Deflater();
        deflater.setInput(element);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        byte[] z = out.toByteArray();
        // Compressed elements are not padded.
        return ByteBuffer.allocate(8 + z.length).order(order).putInt(MI_COMPRESSED).putInt(z.length).put(z).array();
    }

    public static byte[] file(ByteOrder order, byte[]... elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(order));
        for (byte[] e : elements) {
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    /** Pixel i of image j, as the Frey Face tests use it: (i + 3j) mod 256. */
    public static byte[] pixels(int rows, int columns) {
        byte[] data = new byte[rows * columns];
        for (int j = 0; j < columns; j++) {
            for (int i = 0; i < rows; i++) {
                data[j * rows + i] = (byte) ((i + 3 * j) % 256);
            }
        }
        return data;
    }

    private static byte[] element(ByteOrder order, int type, byte[] body) {
        return ByteBuffer.allocate(8 + body.length).order(order).putInt(type).putInt(body.length).put(body).array();
    }

    private static int padded(int bytes) {
        return (bytes + 7) / 8 * 8;
    }
}
