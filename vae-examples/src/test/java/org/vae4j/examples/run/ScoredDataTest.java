package org.vae4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.datasets.npy.Npy;

class ScoredDataTest {

    @Test
    void theExtensionChoosesTheFormatAndAnythingElseIsRefused() {
        assertEquals(ScoredData.Format.NPY, ScoredData.formatOf(Path.of("out/test.npy")));
        assertEquals(ScoredData.Format.CSV, ScoredData.formatOf(Path.of("TEST.CSV")));
        for (String bad : new String[] {"test.txt", "test", "test.npz", ".npy", "npy"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ScoredData.formatOf(Path.of(bad)));
            assertTrue(e.getMessage().contains(".npy") && e.getMessage().contains(".csv"), e.getMessage());
        }
    }

    @Test
    void floatDataRoundTripsExactlyThroughBothFormats(@TempDir Path dir) throws IOException {
        INDArray x = Nd4j.rand(DataType.FLOAT, 7, 5).muli(3).subi(1);
        x.putScalar(0, 0, 0f);
        x.putScalar(0, 1, 1f);
        x.putScalar(1, 0, 1e-7f);
        for (String name : new String[] {"x.npy", "x.csv"}) {
            Path file = dir.resolve(name);
            ScoredData.write(file, x);
            INDArray back = ScoredData.read(file, DataType.FLOAT);
            assertEquals(x, back, name);
        }
        assertTrue(Files.readAllLines(dir.resolve("x.csv")).get(0).startsWith("0,1,"), "integers written as such");
    }

    @Test
    void doubleDataStaysDouble(@TempDir Path dir) throws IOException {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        for (String name : new String[] {"x.npy", "x.csv"}) {
            Path file = dir.resolve(name);
            ScoredData.write(file, x);
            assertEquals(x, ScoredData.read(file, DataType.DOUBLE), name);
        }
        assertEquals("<f8", Npy.read(dir.resolve("x.npy")).dtype());
    }

    @Test
    void raggedCsvIsRefusedWithTheRow(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r.csv");
        Files.writeString(file, "0,1,0\n1,1\n");
        IOException e = assertThrows(IOException.class, () -> ScoredData.read(file, DataType.FLOAT));
        assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    }
}
