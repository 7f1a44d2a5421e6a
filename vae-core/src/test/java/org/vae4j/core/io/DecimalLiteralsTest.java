package org.vae4j.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The hand-written scanner accepts exactly the decimal-literal language the documentation gives as
 * a regex: checked on hand-picked edge cases and on 200,000 random strings over the alphabet that
 * matters.
 */
class DecimalLiteralsTest {

    private static final Pattern LANGUAGE = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    @Test
    void edgeCases() {
        for (String yes : new String[] {"0", "-0.25", "+3", ".5", "5.", "1e-3", "2E+10", "-.5e3", "007"}) {
            assertTrue(DecimalLiterals.isDecimal(yes), yes);
        }
        for (String no : new String[] {"", "+", "-", ".", "e3", "1e", "1e+", "1d", "2f", "0x1p3", "NaN", "Infinity",
                " 1", "1 ", "1..2", "--1", "1e3.5", "\u0661"}) {
            assertFalse(DecimalLiterals.isDecimal(no), no);
        }
    }

    @Test
    void agreesWithTheRegexOnRandomStrings() {
        Random random = new Random(7);
        String alphabet = "0123456789+-.eE x";
        for (int t = 0; t < 200_000; t++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(8);
            for (int i = 0; i < length; i++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = s.toString();
            assertEquals(LANGUAGE.matcher(text).matches(), DecimalLiterals.isDecimal(text), "'" + text + "'");
        }
    }

    @Test
    void parsingNamesWhatIsWrong() {
        assertEquals(-1.5e-3, DecimalLiterals.parseFinite("-1.5e-3"));
        assertTrue(assertThrows(NumberFormatException.class, () -> DecimalLiterals.parseFinite("nan")).getMessage()
                .contains("not a finite number"));
        assertTrue(assertThrows(NumberFormatException.class, () -> DecimalLiterals.parseFinite("1e999")).getMessage()
                .contains("beyond the double range"));
        assertTrue(assertThrows(NumberFormatException.class, () -> DecimalLiterals.parseFiniteFloat("1e39"))
                .getMessage().contains("beyond the float range"));
    }
}
