package org.vae4j.core.io;

import java.util.regex.Pattern;

/**
 * Numbers as people write them in data files and on command lines: an optional sign, digits with
 * an optional fraction, an optional exponent ({@code 3}, {@code -0.25}, {@code .5}, {@code 1e-3}).
 *
 * <p>Why not {@link Double#parseDouble} alone: it also accepts Java source syntax and specials,
 * {@code 1d}, {@code 2f}, {@code 0x1p3}, {@code NaN}, {@code Infinity} and surrounding blanks, so a
 * typo or an export from another tool became a number silently.
 */
public final class DecimalLiterals {

    private static final Pattern SPECIAL = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    private DecimalLiterals() {
    }

    /**
     * Whether {@code text} is a decimal literal (nothing else, no blanks): the language
     * {@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?}, scanned by hand because a regex
     * match per cell was most of the time of reading a large CSV (JFR, 100,000 x 20 cells).
     */
    public static boolean isDecimal(String text) {
        int n = text.length();
        int i = 0;
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int integerDigits = 0;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
            integerDigits++;
        }
        int fractionDigits = 0;
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                fractionDigits++;
            }
        }
        if (integerDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The value of a decimal literal that is finite as a double.
     *
     * @throws NumberFormatException saying why: not a decimal literal, or beyond the double range
     */
    public static double parseFinite(String text) {
        if (!isDecimal(text)) {
            throw new NumberFormatException(SPECIAL.matcher(text).matches() ? "'" + text + "' is not a finite number"
                    : "'" + text + "' is not a number (expected a decimal such as -1.5 or 2e-3)");
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw new NumberFormatException("'" + text + "' is beyond the double range (+-" + Double.MAX_VALUE + ")");
        }
        return value;
    }

    /**
     * The value of a decimal literal as a finite float.
     *
     * @throws NumberFormatException saying why: not a decimal literal, or beyond the float range
     */
    public static float parseFiniteFloat(String text) {
        double value = parseFinite(text);
        if (Math.abs(value) > Float.MAX_VALUE) {
            throw new NumberFormatException("'" + text + "' is beyond the float range (+-" + Float.MAX_VALUE + ")");
        }
        return (float) value;
    }
}
