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

    public static Table read(Path csv, TabularSchema schema, BadRowPolicy policy) throws IOException {
        List<String> lines = Utf8Text.lines(csv);
        if (lines.isEmpty()) {
            throw new InvalidDataFileException(csv, "empty: expected a header line");
        }
        List<String> header = split(csv, lines.get(0), 1);
        int[] sourceColumn = new int[schema.columns().size()];
        for (int c = 0; c < sourceColumn.length; c++) {
            String name = schema.columns().get(c).name();
            sourceColumn[c] = header.indexOf(name);
            if (sourceColumn[c] < 0) {
                throw new InvalidDataFileException(csv, "no column '" + name + "' in header " + header);
            }
        }
        List<String> featureNames = schema.featureNames();
        int features = featureNames.size();
        float[] values = new float[Math.max(0, lines.size() - 1) * features];
        int kept = 0;
        int dropped = 0;
        String firstDropReason = null;
        float[] row = new float[features];
        for (int lineIndex = 1; lineIndex < lines.size(); lineIndex++) {
            String line = lines.get(lineIndex);
            if (line.isBlank() && lineIndex == lines.size() - 1) {
                continue; // trailing empty line
            }
            String problem = parseRow(csv, line, lineIndex, header.size(), schema, sourceColumn, row);
            if (problem == null) {
                System.arraycopy(row, 0, values, kept * features, features);
                kept++;
            } else if (policy == BadRowPolicy.REJECT) {
                throw new InvalidDataFileException(csv, problem);
            } else {
                dropped++;
                if (firstDropReason == null) {
                    firstDropReason = problem;
                }
            }
        }
        if (dropped > 0) {
            log.warn("{}: dropped {} of {} rows with bad values (first: {})", csv, dropped, kept + dropped,
                    firstDropReason);
        }
        if (kept == 0) {
            throw new InvalidDataFileException(csv, "no usable rows" + (dropped > 0 ? " (all " + dropped
                    + " dropped; first: " + firstDropReason + ")" : ""));
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
        return new Table(name, java.util.Arrays.copyOf(values, kept * features), featureNames, numeric,
                Map.of(fileName, Sha256.ofFile(csv)), dropped);
    }

    /** The header line's column names. */
    public static List<String> header(Path csv) throws IOException {
        List<String> lines = Utf8Text.lines(csv);
        if (lines.isEmpty()) {
            throw new InvalidDataFileException(csv, "empty: expected a header line");
        }
        return split(csv, lines.get(0), 1);
    }

    /**
     * The raw text of one column, one entry per data row as {@link #read} numbers them (a trailing
     * empty line is not a row): row ids for reports, or the categories a categorical column uses.
     * A row with a different number of fields than the header is an error naming it.
     */
    public static List<String> column(Path csv, String name) throws IOException {
        List<String> lines = Utf8Text.lines(csv);
        if (lines.isEmpty()) {
            throw new InvalidDataFileException(csv, "empty: expected a header line");
        }
        List<String> header = split(csv, lines.get(0), 1);
        int index = header.indexOf(name);
        if (index < 0) {
            throw new InvalidDataFileException(csv, "no column '" + name + "' in header " + header);
        }
        List<String> values = new ArrayList<>();
        for (int lineIndex = 1; lineIndex < lines.size(); lineIndex++) {
            String line = lines.get(lineIndex);
            if (line.isBlank() && lineIndex == lines.size() - 1) {
                continue;
            }
            List<String> fields = split(csv, line, lineIndex + 1);
            if (fields.size() != header.size()) {
                throw new InvalidDataFileException(csv, "row " + lineIndex + " (line " + (lineIndex + 1) + "): "
                        + fields.size() + " fields, the header has " + header.size());
            }
            values.add(fields.get(index).strip());
        }
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
