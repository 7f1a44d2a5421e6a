package org.vae4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CsvRowsTest {

    @Test
    void parsesCommaAndWhitespaceSeparatedValues() {
        assertArrayEquals(new double[] {0, 1.5, -2e-3}, CsvRows.parse(" 0, 1.5\t-2e-3 ", 3, "f.csv"));
        assertFalse(CsvRows.isData("   "));
        assertFalse(CsvRows.isData("# comment"));
        assertTrue(CsvRows.isData("1,2"));
    }

    @Test
    void wrongColumnCountNamesFileAndInputSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvRows.parse("1,2", 3, "data/train.csv"));
        assertTrue(e.getMessage().contains("data/train.csv: a row has 2 values but the model reads 3 per row"),
                e.getMessage());
    }

    @Test
    void headerOrTextIsRejectedWithThePosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvRows.parse("x1,x2", 2, "t.csv"));
        assertTrue(e.getMessage().contains("t.csv: value 1 of a row: 'x1' is not a number"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAndJavaOnlyLiteralsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvRows.parse("1,NaN", 2, "t.csv"));
        assertTrue(e.getMessage().contains("value 2 of a row: 'NaN' is not a finite number"), e.getMessage());
        for (String java : new String[] {"1d", "2f", "0x1p3", "Infinity"}) {
            e = assertThrows(IllegalArgumentException.class, () -> CsvRows.parse("1," + java, 2, "t.csv"));
            assertTrue(e.getMessage().contains("value 2 of a row: '" + java + "'"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> CsvRows.parse("1,1e999", 2, "t.csv"));
        assertTrue(e.getMessage().contains("beyond the double range"), e.getMessage());
        assertEquals(2e-3, CsvRows.parse("1,2e-3", 2, "t.csv")[1]);
    }
}
