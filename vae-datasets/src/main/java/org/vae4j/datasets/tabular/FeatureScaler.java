package org.vae4j.datasets.tabular;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A per-feature affine transform {@code x' = (x - offset) / scale}, fitted on training rows only and
 * then applied unchanged to validation, test and any later data (values outside the training range
 * map outside [0,1] under min-max: that is information, not an error). One-hot features keep
 * offset 0 and scale 1. Round-trips through JSON so a saved model carries its input transform.
 *
 * @param kind     how it was fitted
 * @param features feature names, in column order
 * @param offset   subtracted first (training minimum or mean)
 * @param scale    divided by next (training range or standard deviation; 1 where that is 0)
 */
public record FeatureScaler(Kind kind, List<String> features, double[] offset, double[] scale) {

    /** Fitting rule. */
    public enum Kind {
        /** To [0,1] on the training rows: offset = min, scale = max - min. */
        MIN_MAX,
        /** Zero mean, unit variance on the training rows: offset = mean, scale = population std. */
        STANDARDIZE
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonCreator
    public FeatureScaler(@JsonProperty("kind") Kind kind, @JsonProperty("features") List<String> features,
                         @JsonProperty("offset") double[] offset, @JsonProperty("scale") double[] scale) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.features = List.copyOf(features);
        this.offset = offset.clone();
        this.scale = scale.clone();
        if (offset.length != features.size() || scale.length != features.size()) {
            throw new IllegalArgumentException("FeatureScaler: " + features.size() + " features but "
                    + offset.length + " offsets and " + scale.length + " scales");
        }
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0) || !Double.isFinite(scale[i]) || !Double.isFinite(offset[i])) {
                throw new IllegalArgumentException("FeatureScaler: feature '" + features.get(i) + "' has offset "
                        + offset[i] + " and scale " + scale[i] + "; scale must be finite and > 0");
            }
        }
    }

    @Override
    @JsonProperty("offset")
    public double[] offset() {
        return offset.clone();
    }

    @Override
    @JsonProperty("scale")
    public double[] scale() {
        return scale.clone();
    }

    /** Fits on {@code training}; pass the training split only. */
    public static FeatureScaler fit(Table training, Kind kind) {
        int f = training.features();
        int rows = training.rows();
        double[] offset = new double[f];
        double[] scale = new double[f];
        for (int j = 0; j < f; j++) {
            if (!training.numeric()[j]) {
                scale[j] = 1;
                continue;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                double v = training.get(r, j);
                min = Math.min(min, v);
                max = Math.max(max, v);
                sum += v;
            }
            if (kind == Kind.MIN_MAX) {
                offset[j] = min;
                scale[j] = max > min ? max - min : 1;
            } else {
                double mean = sum / rows;
                double squares = 0;
                for (int r = 0; r < rows; r++) {
                    double d = training.get(r, j) - mean;
                    squares += d * d;
                }
                double std = Math.sqrt(squares / rows);
                offset[j] = mean;
                scale[j] = std > 0 ? std : 1;
            }
        }
        return new FeatureScaler(kind, training.featureNames(), offset, scale);
    }

    /** A new table with every feature transformed; the feature names must match. */
    public Table transform(Table table) {
        if (!table.featureNames().equals(features)) {
            throw new IllegalArgumentException("scaler was fitted on features " + features + " but the table has "
                    + table.featureNames());
        }
        int f = features.size();
        float[] values = table.values();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            int j = i % f;
            out[i] = (float) ((values[i] - offset[j]) / scale[j]);
        }
        return new Table(table.name(), out, table.featureNames(), table.numeric(), table.fileSha256(),
                table.droppedRows());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("FeatureScaler is always serializable", e);
        }
    }

    public static FeatureScaler fromJson(String json) {
        try {
            return JSON.readValue(json, FeatureScaler.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a FeatureScaler JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler s && kind == s.kind && features.equals(s.features)
                && Arrays.equals(offset, s.offset) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, features, Arrays.hashCode(offset), Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return "FeatureScaler[" + kind + ", features=" + features + ", offset=" + Arrays.toString(offset)
                + ", scale=" + Arrays.toString(scale) + "]";
    }
}
