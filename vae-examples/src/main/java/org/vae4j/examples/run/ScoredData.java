package org.vae4j.examples.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.datasets.npy.Npy;

/**
 * The exact examples an evaluation scored, as a file another tool can read and score again
 * ({@code vae4j eval --export-data FILE}): one row per example in the order of the report's
 * per-example CSV, one column per input value.
 * <ul>
 *   <li>{@code .npy}: [examples, inputSize], float32 (float64 when the data is DOUBLE), C order;
 *       {@code numpy.load(FILE)}.</li>
 *   <li>{@code .csv}: no header, values separated by commas, each written so that it reads back
 *       to the same float ({@code 0} and {@code 1} for binarized pixels);
 *       {@code numpy.loadtxt(FILE, delimiter=",", dtype=numpy.float32)}.</li>
 * </ul>
 * Files are written atomically: a reader sees no file or the complete one.
 */
public final class ScoredData {

    /** The file formats, chosen by the file name's extension. */
    public enum Format {
        NPY, CSV
    }

    private ScoredData() {
    }

    /**
     * The format named by {@code file}'s extension ({@code .npy} or {@code .csv}, any case).
     *
     * @throws IllegalArgumentException for any other name, so callers can check before doing work
     */
    public static Format formatOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy") && name.length() > 4) {
            return Format.NPY;
        }
        if (name.endsWith(".csv") && name.length() > 4) {
            return Format.CSV;
        }
        throw new IllegalArgumentException("--export-data " + file + ": the file name must end in .npy (NumPy "
                + "array) or .csv (comma-separated values)");
    }

    /** Writes {@code features} ([examples, inputSize]) to {@code file} in the format its name says. */
    public static void write(Path file, INDArray features) throws IOException {
        Format format = formatOf(file);
        if (features.rank() != 2) {
            throw new IllegalArgumentException("scored data must be [examples, inputSize], got rank " + features.rank());
        }
        boolean isDouble = features.dataType() == DataType.DOUBLE;
        INDArray c = features.castTo(isDouble ? DataType.DOUBLE : DataType.FLOAT).dup('c');
        long[] shape = {c.rows(), c.columns()};
        if (format == Format.NPY) {
            if (isDouble) {
                double[] values = c.data().asDouble();
                AtomicFiles.write(file, tmp -> Npy.writeFloat64(tmp, shape, values));
            } else {
                float[] values = c.data().asFloat();
                AtomicFiles.write(file, tmp -> Npy.writeFloat32(tmp, shape, values));
            }
            return;
        }
        double[] values = c.data().asDouble();
        int columns = (int) shape[1];
        AtomicFiles.write(file, tmp -> {
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < values.length; i += columns) {
                    row.setLength(0);
                    for (int j = 0; j < columns; j++) {
                        row.append(j > 0 ? "," : "").append(text(values[i + j], isDouble));
                    }
                    out.write(row.append('\n').toString());
                }
            }
        });
    }

    /** Reads a file written by {@link #write} (or by NumPy) as a [examples, inputSize] array of {@code type}. */
    public static INDArray read(Path file, DataType type) throws IOException {
        Format format = formatOf(file);
        double[] values;
        long rows;
        long columns;
        if (format == Format.NPY) {
            Npy.Array array = Npy.read(file);
            if (array.shape().length != 2) {
                throw new IOException(file + ": expected a 2-D [examples, inputSize] array, got shape "
                        + java.util.Arrays.toString(array.shape()));
            }
            values = array.values();
            rows = array.shape()[0];
            columns = array.shape()[1];
        } else {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            lines.removeIf(String::isBlank);
            if (lines.isEmpty()) {
                throw new IOException(file + " holds no rows");
            }
            columns = lines.get(0).split(",", -1).length;
            rows = lines.size();
            List<Double> all = new ArrayList<>();
            for (int r = 0; r < lines.size(); r++) {
                String[] cells = lines.get(r).split(",", -1);
                if (cells.length != columns) {
                    throw new IOException(file + " row " + (r + 1) + " has " + cells.length + " values, row 1 has "
                            + columns);
                }
                for (String cell : cells) {
                    try {
                        all.add(Double.parseDouble(cell.strip()));
                    } catch (NumberFormatException e) {
                        throw new IOException(file + " row " + (r + 1) + ": '" + cell + "' is not a number");
                    }
                }
            }
            values = all.stream().mapToDouble(Double::doubleValue).toArray();
        }
        return Nd4j.create(values, new long[] {rows, columns}, 'c').castTo(type);
    }

    /** Integers as integers, anything else as the shortest text that reads back to the same value. */
    private static String text(double value, boolean isDouble) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return isDouble ? Double.toString(value) : Float.toString((float) value);
    }
}
