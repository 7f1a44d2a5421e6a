package org.vae4j.spark;

import java.util.Locale;

import org.vae4j.core.io.DecimalLiterals;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Numeric rows from text files on any Hadoop-readable path (local, hdfs://, s3a://, a directory or
 * a glob): one example per line, values separated by commas and/or whitespace, no header. Blank
 * lines and lines starting with '#' are skipped.
 */
public final class CsvRows {

    private CsvRows() {
    }

    /** The rows of {@code path}, each checked to hold exactly {@code columns} finite values. */
    public static JavaRDD<double[]> read(JavaSparkContext spark, String path, int columns) {
        return spark.textFile(path)
                .filter(CsvRows::isData)
                .map(line -> parse(line, columns, path));
    }

    static boolean isData(String line) {
        String trimmed = line.strip();
        return !trimmed.isEmpty() && !trimmed.startsWith("#");
    }

    /** One row; the error names the file, the line and what is wrong with it. */
    static double[] parse(String line, int columns, String source) {
        String[] fields = line.strip().split("[,\\s]+");
        if (fields.length != columns) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: a row has %d values but the model reads %d per row: \"%s\"", source, fields.length,
                    columns, abbreviate(line)));
        }
        double[] row = new double[columns];
        for (int i = 0; i < columns; i++) {
            try {
                // Decimal literals only: Java would also take 1d, 2f, 0x1p3, NaN and Infinity.
                row[i] = DecimalLiterals.parseFinite(fields[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: value %d of a row: %s (CSV input has no header; training needs finite values): \"%s\"",
                        source, i + 1, e.getMessage(), abbreviate(line)), e);
            }
        }
        return row;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
