package org.vae4j.datasets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Text files as vae4j reads them (CSV, YAML and JSON configs): UTF-8, with a leading byte-order
 * mark dropped (spreadsheets write one; it would otherwise become part of the first column's name).
 * Bytes that are not UTF-8 are an error naming the file, line and column and the byte, instead of
 * the JDK's "Input length = 1".
 */
public final class Utf8Text {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8Text() {
    }

    /** The whole file as text. */
    public static String read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = startsWithBom(bytes) ? BOM.length : 0;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length - start);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw notUtf8(file, bytes, start, in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw notUtf8(file, bytes, start, in.position());
        }
        return out.flip().toString();
    }

    /** The file's lines (split at \n, \r\n or \r), as {@link java.io.BufferedReader#lines} gives them. */
    public static List<String> lines(Path file) throws IOException {
        return read(file).lines().toList();
    }

    /** What {@link #forEachLine} does with each line. */
    @FunctionalInterface
    public interface LineConsumer {
        /**
         * @param index 0-based line number
         * @return false to stop reading
         */
        boolean accept(String line, int index) throws IOException;
    }

    /**
     * The file's lines, split as {@link #lines} splits them, one at a time: the file is never held
     * whole (a 170 MB CSV held as bytes, chars, a String and a list of lines took ~0.9 GB of heap).
     * The same UTF-8 and byte-order-mark rules as {@link #read}; bytes that are not UTF-8 fail with
     * its message (line, column, byte) when the reader reaches them.
     */
    public static void forEachLine(Path file, LineConsumer consumer) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (java.io.BufferedReader reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
            String line;
            int index = 0;
            while (true) {
                try {
                    line = reader.readLine();
                } catch (CharacterCodingException e) {
                    read(file);   // throws NotUtf8Exception naming the line, column and byte
                    throw e;
                }
                if (line == null) {
                    return;
                }
                if (index == 0 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
                if (!consumer.accept(line, index++)) {
                    return;
                }
            }
        }
    }

    /** The first line, or null for an empty file. */
    public static String firstLine(Path file) throws IOException {
        String[] first = new String[1];
        forEachLine(file, (line, index) -> {
            first[0] = line;
            return false;
        });
        return first[0];
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= 3 && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    private static CharacterCodingException notUtf8(Path file, byte[] bytes, int start, int bad) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1 + new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8).length();
        String message = String.format(Locale.ROOT, "%s: not UTF-8 text: line %d, column %d has byte 0x%02X; save the "
                + "file as UTF-8", file, line, column, bytes[bad] & 0xFF);
        return new NotUtf8Exception(message);
    }

    /** A file that is not UTF-8 text; the message names file, line, column and byte. */
    public static final class NotUtf8Exception extends CharacterCodingException {
        private final String message;

        NotUtf8Exception(String message) {
            this.message = message;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
