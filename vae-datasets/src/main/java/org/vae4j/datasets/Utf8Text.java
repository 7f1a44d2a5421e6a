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
