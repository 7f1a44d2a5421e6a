package org.vae4j.datasets.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** File names of the IDX layout and where to find one in a directory (raw or {@code .gz}). */
public final class MnistFiles {

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> ALL = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private MnistFiles() {
    }

    /** The raw file if present, else the {@code .gz} one, else empty. */
    public static Optional<Path> find(Path directory, String baseName) {
        Path raw = directory.resolve(baseName);
        if (Files.isRegularFile(raw)) {
            return Optional.of(raw);
        }
        Path gz = directory.resolve(baseName + ".gz");
        return Files.isRegularFile(gz) ? Optional.of(gz) : Optional.empty();
    }

    /** Whether all four files are present in {@code directory}. */
    public static boolean complete(Path directory) {
        return ALL.stream().allMatch(name -> find(directory, name).isPresent());
    }
}
