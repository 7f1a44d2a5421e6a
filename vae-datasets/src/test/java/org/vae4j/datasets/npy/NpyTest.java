package org.vae4j.datasets.npy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against files written by numpy 1.24 ({@code np.save}, and {@code write_array} for format 2.0). */
class NpyTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(NpyTest.class.getResource("/npy/" + name).toURI());
    }

    @Test
    void readsWhatNumpyWrites() throws Exception {
        Npy.Array f4 = Npy.read(fixture("float32-2x3.npy"));
        assertEquals("<f4", f4.dtype());
        assertArrayEquals(new long[] {2, 3}, f4.shape());
        assertArrayEquals(new double[] {0, 1, 0.5, -2.25, 1e-8f, 3.4028235e38f}, f4.values());

        Npy.Array f8 = Npy.read(fixture("float64-4.npy"));
        assertArrayEquals(new long[] {4}, f8.shape());
        assertArrayEquals(new double[] {0.1, -1.5, Math.pow(2, -40), 1e300}, f8.values());

        Npy.Array i4 = Npy.read(fixture("int32-2x2.npy"));
        assertArrayEquals(new double[] {1, -2, Integer.MAX_VALUE, 0}, i4.values());

        Npy.Array v2 = Npy.read(fixture("float32-v2-1x2.npy"));
        assertArrayEquals(new long[] {1, 2}, v2.shape());
        assertArrayEquals(new double[] {7, 8}, v2.values());
    }

    @Test
    void writesTheBytesNumpyWrites() throws Exception {
        Path file = Files.createTempFile("npy", ".npy");
        try {
            Npy.writeFloat32(file, new long[] {2, 3}, new float[] {0, 1, 0.5f, -2.25f, 1e-8f, 3.4028235e38f});
            assertArrayEquals(Files.readAllBytes(fixture("float32-2x3.npy")), Files.readAllBytes(file));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void roundTripsEveryWrittenType(@TempDir Path dir) throws IOException {
        Path f8 = dir.resolve("a.npy");
        Npy.writeFloat64(f8, new long[] {3}, new double[] {Math.PI, -0.0, Double.MIN_VALUE});
        assertArrayEquals(new double[] {Math.PI, -0.0, Double.MIN_VALUE}, Npy.read(f8).values());
        Path i4 = dir.resolve("b.npy");
        Npy.writeInt32(i4, new long[] {1, 2}, new int[] {59_599, -1});
        assertArrayEquals(new double[] {59_599, -1}, Npy.read(i4).values());
        assertEquals("<i4", Npy.read(i4).dtype());
    }

    @Test
    void refusesWhatItCannotReadWithTheReason(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("x.npy");
        Files.writeString(text, "not numpy at all");
        assertTrue(assertThrows(IOException.class, () -> Npy.read(text)).getMessage().contains("magic"));

        Path fortran = dir.resolve("f.npy");
        writeRaw(fortran, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 4);
        assertTrue(assertThrows(IOException.class, () -> Npy.read(fortran)).getMessage().contains("Fortran"));

        Path bigEndian = dir.resolve("b.npy");
        writeRaw(bigEndian, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 4);
        assertTrue(assertThrows(IOException.class, () -> Npy.read(bigEndian)).getMessage().contains(">f4"));

        Path truncated = dir.resolve("t.npy");
        writeRaw(truncated, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 8);
        assertTrue(assertThrows(IOException.class, () -> Npy.read(truncated)).getMessage().contains("needs 12"));

        assertThrows(IllegalArgumentException.class,
                () -> Npy.writeFloat32(dir.resolve("s.npy"), new long[] {2, 2}, new float[3]));
    }

    private static void writeRaw(Path file, String dict, int dataBytes) throws IOException {
        byte[] header = (dict + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + header.length + dataBytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        Files.write(file, b.array());
    }
}
