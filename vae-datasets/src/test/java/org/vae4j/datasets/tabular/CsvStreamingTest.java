package org.vae4j.datasets.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Utf8Text;

/**
 * The CSV reader reads line by line: line ends, a byte-order mark and a trailing blank line as a
 * whole-file read treats them, a bad byte far past the first read buffer still named by line and
 * column, and a table larger than the row buffer's first size read whole.
 */
class CsvStreamingTest {

    private static final TabularSchema SCHEMA = TabularSchema.builder().numeric("a", "b").build();

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void lineEndsBomAndATrailingBlankLineAreReadAsBefore() throws IOException {
        byte[] text = "\uFEFFa,b\r\n1,2\r3,4\n5,6\n\n".getBytes(StandardCharsets.UTF_8);
        Table t = CsvTableReader.read(file("mixed.csv", text), SCHEMA, BadRowPolicy.REJECT);
        assertEquals(3, t.rows());
        assertEquals(List.of(1f, 2f, 3f, 4f, 5f, 6f), List.of(t.values()[0], t.values()[1], t.values()[2],
                t.values()[3], t.values()[4], t.values()[5]));
        assertEquals(List.of("a", "b"), CsvTableReader.header(file("header.csv", text)));
        assertEquals(List.of("1", "3", "5"), CsvTableReader.column(file("column.csv", text), "a"));

        InvalidDataFileException blank = assertThrows(InvalidDataFileException.class, () -> CsvTableReader.read(
                file("blank.csv", "a,b\n1,2\n\n3,4\n".getBytes(StandardCharsets.UTF_8)), SCHEMA, BadRowPolicy.REJECT));
        assertEquals(dir.resolve("blank.csv") + ": row 2 (line 3): 1 fields, the header has 2", blank.getMessage());
        assertThrows(InvalidDataFileException.class, () -> CsvTableReader.header(file("empty.csv", new byte[0])));
    }

    @Test
    void aBadByteFarIntoTheFileIsNamedByLineAndColumn() throws IOException {
        StringBuilder s = new StringBuilder("a,b\n");
        for (int i = 0; i < 30_000; i++) {
            s.append(i).append(",1\n");
        }
        byte[] start = s.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(start, start.length + 4);
        bytes[start.length] = '7';
        bytes[start.length + 1] = (byte) 0xFF;
        bytes[start.length + 2] = ',';
        bytes[start.length + 3] = '1';
        Path bad = file("bad.csv", bytes);
        Utf8Text.NotUtf8Exception e = assertThrows(Utf8Text.NotUtf8Exception.class,
                () -> CsvTableReader.read(bad, SCHEMA, BadRowPolicy.REJECT));
        assertEquals(bad + ": not UTF-8 text: line 30002, column 2 has byte 0xFF; save the file as UTF-8",
                e.getMessage());
    }

    @Test
    void aTableLargerThanTheFirstRowBufferIsReadWhole() throws IOException {
        StringBuilder s = new StringBuilder("a,b\n");
        for (int i = 0; i < 5_000; i++) {
            s.append(i).append(',').append(-i).append('\n');
        }
        Table t = CsvTableReader.read(file("large.csv", s.toString().getBytes(StandardCharsets.UTF_8)), SCHEMA,
                BadRowPolicy.REJECT);
        assertEquals(5_000, t.rows());
        assertEquals(10_000, t.values().length);
        assertEquals(4_999f, t.get(4_999, 0));
        assertEquals(-4_999f, t.get(4_999, 1));
    }
}
