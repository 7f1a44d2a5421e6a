package org.vae4j.core.provenance;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What data a model was trained or evaluated on: carried by saved models and evaluation reports
 * so that a number can always be traced to its data.
 *
 * @param name          dataset name, e.g. {@code "mnist"}
 * @param split         {@code "train"}, {@code "validation"}, {@code "test"}, or a user label
 * @param binarization  how pixels were binarized, e.g. {@code "DYNAMIC"} or {@code "NONE"}
 * @param seed          seed of shuffling/binarization (0 when none was used)
 * @param examples      number of examples in the split
 * @param fileSha256    SHA-256 of each source file, by file name (empty for synthetic data)
 */
public record DataDescription(String name, String split, String binarization, long seed, long examples,
                              Map<String, String> fileSha256) {

    public DataDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(binarization, "binarization");
        if (examples < 0) {
            throw new IllegalArgumentException("DataDescription.examples must be >= 0, got " + examples);
        }
        fileSha256 = fileSha256 == null ? Map.of() : Map.copyOf(new TreeMap<>(fileSha256));
    }

    /** Synthetic or in-memory data with no source files. */
    public static DataDescription synthetic(String name, long examples, long seed) {
        return new DataDescription(name, "train", "NONE", seed, examples, Map.of());
    }
}
