package org.vae4j.spark;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Examples from DL4J DataSets serialized with {@code DataSet.save} (the files DL4J's own Spark
 * tools export, one minibatch per file) on any Hadoop-readable path. Only the features are used;
 * each example's features are flattened to one row, which must have inputSize values.
 */
public final class DataSetFiles {

    private DataSetFiles() {
    }

    public static JavaRDD<double[]> read(JavaSparkContext spark, String path, int columns) {
        return read(spark, path, columns, 0);
    }

    /**
     * As {@link #read(JavaSparkContext, String, int)} for a conditional VAE: each row is the
     * example's {@code columns} features followed by its {@code conditionSize} labels, the rows
     * [x | c] the model's layer reads (vae4j's trainers take c from the labels).
     */
    public static JavaRDD<double[]> read(JavaSparkContext spark, String path, int columns, int conditionSize) {
        return spark.binaryFiles(path)
                .sortByKey()   // file order fixes the example indices (see SparkVaeTrainer.fit)
                .values()
                .flatMap(stream -> {
                    DataSet dataSet = new DataSet();
                    try (DataInputStream in = stream.open()) {
                        dataSet.load(in);
                    } catch (IOException | RuntimeException e) {
                        throw new IllegalArgumentException(stream.getPath()
                                + ": not a DL4J DataSet written by DataSet.save (" + e.getMessage() + ")", e);
                    }
                    List<double[]> x = rows(dataSet.getFeatures(), columns, stream.getPath());
                    return (conditionSize == 0 ? x : joined(x, dataSet.getLabels(), conditionSize, stream.getPath()))
                            .iterator();
                });
    }

    /** Each row of {@code x} followed by its row of {@code labels}, the condition. */
    static List<double[]> joined(List<double[]> x, INDArray labels, int conditionSize, String source) {
        if (labels == null || labels.rank() != 2 || labels.rows() != x.size() || labels.columns() != conditionSize) {
            throw new IllegalArgumentException(source + ": a conditional VAE takes its condition from the DataSet's "
                    + "labels, [examples, conditionSize = " + conditionSize + "]; got " + (labels == null ? "no labels"
                    : "labels of shape " + Arrays.toString(labels.shape())));
        }
        double[][] c = labels.castTo(DataType.DOUBLE).toDoubleMatrix();
        List<double[]> rows = new ArrayList<>(x.size());
        for (int i = 0; i < x.size(); i++) {
            double[] row = Arrays.copyOf(x.get(i), x.get(i).length + conditionSize);
            System.arraycopy(c[i], 0, row, x.get(i).length, conditionSize);
            rows.add(row);
        }
        return rows;
    }

    static List<double[]> rows(INDArray features, int columns, String source) {
        if (features == null || features.rank() < 2) {
            throw new IllegalArgumentException(source + ": a DataSet needs features of shape [examples, ...], got "
                    + (features == null ? "none" : Arrays.toString(features.shape())));
        }
        long examples = features.size(0);
        long perExample = features.length() / Math.max(1, examples);
        if (perExample != columns) {
            throw new IllegalArgumentException(source + ": DataSet features have shape "
                    + Arrays.toString(features.shape()) + ", i.e. " + perExample
                    + " values per example, but the model's inputSize is " + columns);
        }
        double[][] matrix = features.reshape('c', examples, columns).castTo(DataType.DOUBLE).toDoubleMatrix();
        return new ArrayList<>(Arrays.asList(matrix));
    }
}
