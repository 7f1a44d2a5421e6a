package org.vae4j.datasets.tabular;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.io.DecimalLiterals;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Sha256;
import org.vae4j.datasets.Utf8Text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a comma-separated file with a header line into a {@link Table} following a
 * {@link TabularSchema}. Fields may be double-quoted ({@code ""} inside quotes is a quote);
 * quoted fields cannot span lines. Rows are numbered from 1 after the header; the file line is
 * given too. Numeric cells must be decimal literals ({@code -1.5}, {@code 2e-3}) within the float
 * range; {@code 1d}, {@code 0x1p3}, {@code NaN} or {@code 1e39} are bad values naming row and column.
 */
public final class CsvTableReader {

    private static final Logger log = LoggerFactory.getLogger(CsvTableReader.class);

    private CsvTableReader() {
    }

    /**
     * The file's rows under {@code schema}, read line by line: only the values are held (4 bytes per
     * feature and row), never the text, so a table of a million rows needs its 80 MB, not the ~1 GB
     * its lines took as Java strings.
     */
    public static Table read(Path csv, TabularSchema schema, BadRowPolicy policy) throws IOException {
        List<String> featureNames = schema.featureNames();
        int features = featureNames.size();
        int[] sourceColumn = new int[schema.columns().size()];
        int[] headerFields = new int[1];
        float[] row = new float[features];
        // Rows so far: grown by half as they come (a file's size says little about its rows).
        float[][] values = {new float[features * 1024]};
        int[] kept = new int[1];
        int[] dropped = new int[1];
        String[] firstDropReason = new String[1];
        forEachDataLine(csv, header -> {
            headerFields[0] = header.size();
            for (int c = 0; c < sourceColumn.length; c++) {
                String name = schema.columns().get(c).name();
                sourceColumn[c] = header.indexOf(name);
                if (sourceColumn[c] < 0) {
                    throw new InvalidDataFileException(csv, "no column '" + name + "' in header " + header);
                }
            }
        }, (line, lineIndex) -> {
            String problem = parseRow(csv, line, lineIndex, headerFields[0], schema, sourceColumn, row);
            if (problem == null) {
                if ((long) (kept[0] + 1) * features > values[0].length) {
                    long grown = Math.max((long) (kept[0] + 1) * features, values[0].length + (long) values[0].length / 2);
                    values[0] = java.util.Arrays.copyOf(values[0], Math.toIntExact(Math.min(grown, Integer.MAX_VALUE - 16)));
                }
                System.arraycopy(row, 0, values[0], kept[0] * features, features);
                kept[0]++;
            } else if (policy == BadRowPolicy.REJECT) {
                throw new InvalidDataFileException(csv, problem);
            } else {
                dropped[0]++;
                if (firstDropReason[0] == null) {
                    firstDropReason[0] = problem;
                }
            }
        });
        if (dropped[0] > 0) {
            log.warn("{}: dropped {} of {} rows with bad values (first: {})", csv, dropped[0], kept[0] + dropped[0],
                    firstDropReason[0]);
        }
        if (kept[0] == 0) {
            throw new InvalidDataFileException(csv, "no usable rows" + (dropped[0] > 0 ? " (all " + dropped[0]
                    + " dropped; first: " + firstDropReason[0] + ")" : ""));
        }
        boolean[] numeric = new boolean[features];
        int f = 0;
        for (TabularSchema.Column column : schema.columns()) {
            int width = column.numeric() ? 1 : column.categories().size();
            for (int k = 0; k < width; k++) {
                numeric[f++] = column.numeric();
            }
        }
        String fileName = csv.getFileName().toString();
        String name = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        float[] all = values[0].length == kept[0] * features ? values[0]
                : java.util.Arrays.copyOf(values[0], kept[0] * features);
        return new Table(name, all, featureNames, numeric, Map.of(fileName, Sha256.ofFile(csv)), dropped[0]);
    }

    /** What {@link #forEachDataLine} hands over: the header's fields first, then each data line. */
    @FunctionalInterface
    private interface HeaderConsumer {
        void accept(List<String> header) throws IOException;
    }

    @FunctionalInterface
    private interface DataLineConsumer {
        /** @param lineIndex 0-based line of the file (the header is 0): row {@code lineIndex}, line {@code lineIndex + 1} */
        void accept(String line, int lineIndex) throws IOException;
    }

    /**
     * The header line split into fields, then every data line in order; a blank last line (a
     * trailing newline's twin) is not a row, a blank line before others is one (and fails as such).
     */
    private static void forEachDataLine(Path csv, HeaderConsumer header, DataLineConsumer data) throws IOException {
        String[] blank = new String[1];
        int[] blankIndex = new int[1];
        boolean[] sawHeader = new boolean[1];
        Utf8Text.forEachLine(csv, (line, index) -> {
            if (index == 0) {
                sawHeader[0] = true;
                header.accept(split(csv, line, 1));
                return true;
            }
            if (blank[0] != null) {
                data.accept(blank[0], blankIndex[0]);
                blank[0] = null;
            }
            if (line.isBlank()) {
                blank[0] = line;
                blankIndex[0] = index;
            } else {
                data.accept(line, index);
            }
            return true;
        });
        if (!sawHeader[0]) {
            throw new InvalidDataFileException(csv, "empty: expected a header line");
        }
    }

    /** The header line's column names. */
    public static List<String> header(Path csv) throws IOException {
        String first = Utf8Text.firstLine(csv);
        if (first == null) {
            throw new InvalidDataFileException(csv, "empty: expected a header line");
        }
        return split(csv, first, 1);
    }

    /**
     * The raw text of one column, one entry per data row as {@link #read} numbers them (a trailing
     * empty line is not a row): row ids for reports, or the categories a categorical column uses.
     * A row with a different number of fields than the header is an error naming it.
     */
    public static List<String> column(Path csv, String name) throws IOException {
        List<String> values = new ArrayList<>();
        int[] index = new int[1];
        int[] headerFields = new int[1];
        forEachDataLine(csv, header -> {
            index[0] = header.indexOf(name);
            if (index[0] < 0) {
                throw new InvalidDataFileException(csv, "no column '" + name + "' in header " + header);
            }
            headerFields[0] = header.size();
        }, (line, lineIndex) -> {
            List<String> fields = split(csv, line, lineIndex + 1);
            if (fields.size() != headerFields[0]) {
                throw new InvalidDataFileException(csv, "row " + lineIndex + " (line " + (lineIndex + 1) + "): "
                        + fields.size() + " fields, the header has " + headerFields[0]);
            }
            values.add(fields.get(index[0]).strip());
        });
        return values;
    }

    /** Fills {@code out}; returns null, or what is wrong with this row. */
    private static String parseRow(Path csv, String line, int lineIndex, int headerFields, TabularSchema schema,
                                   int[] sourceColumn, float[] out) throws IOException {
        String where = "row " + lineIndex + " (line " + (lineIndex + 1) + ")";
        List<String> fields = split(csv, line, lineIndex + 1);
        if (fields.size() != headerFields) {
            return where + ": " + fields.size() + " fields, the header has " + headerFields;
        }
        int f = 0;
        for (int c = 0; c < sourceColumn.length; c++) {
            TabularSchema.Column column = schema.columns().get(c);
            String raw = fields.get(sourceColumn[c]).strip();
            String at = where + ", column '" + column.name() + "'";
            if (raw.isEmpty()) {
                return at + ": blank value";
            }
            if (column.numeric()) {
                // Features are floats: a value a double holds but a float does not would become
                // Infinity here and fail later with a message about something else.
                try {
                    out[f++] = DecimalLiterals.parseFiniteFloat(raw);
                } catch (NumberFormatException e) {
                    return at + ": " + e.getMessage();
                }
            } else {
                int index = column.categories().indexOf(raw);
                if (index < 0) {
                    return at + ": '" + raw + "' is not one of the declared categories " + column.categories();
                }
                for (int k = 0; k < column.categories().size(); k++) {
                    out[f + k] = k == index ? 1f : 0f;
                }
                f += column.categories().size();
            }
        }
        return null;
    }

    private static List<String> split(Path csv, String line, int lineNumber) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            throw new InvalidDataFileException(csv, "line " + lineNumber + ": unterminated quoted field");
        }
        fields.add(field.toString());
        return fields;
    }
}
