package org.vae4j.datasets.tabular;

import java.util.List;
import java.util.Map;

/**
 * Rows of float features, row-major. Arrays are shared: do not modify.
 *
 * @param name         dataset name (the CSV file name without extension)
 * @param values       {@code rows * featureNames.size()} values
 * @param featureNames feature names after one-hot expansion
 * @param numeric      per feature: true for numeric (scaled), false for a one-hot indicator (not scaled)
 * @param fileSha256   SHA-256 of the source CSV, by file name
 * @param droppedRows  rows skipped under {@link BadRowPolicy#DROP}
 */
public record Table(String name, float[] values, List<String> featureNames, boolean[] numeric,
                    Map<String, String> fileSha256, int droppedRows) {

    public Table {
        featureNames = List.copyOf(featureNames);
        fileSha256 = Map.copyOf(fileSha256);
        if (numeric.length != featureNames.size() || values.length % featureNames.size() != 0) {
            throw new IllegalArgumentException("values/featureNames/numeric lengths disagree");
        }
    }

    public int rows() {
        return values.length / featureNames.size();
    }

    public int features() {
        return featureNames.size();
    }

    public float get(int row, int feature) {
        return values[row * features() + feature];
    }

    /** The rows with the given indices, in that order. */
    public Table select(int[] rows) {
        int f = features();
        float[] selected = new float[rows.length * f];
        for (int k = 0; k < rows.length; k++) {
            System.arraycopy(values, rows[k] * f, selected, k * f, f);
        }
        return new Table(name, selected, featureNames, numeric, fileSha256, droppedRows);
    }
}
