package org.vae4j.datasets.iterator;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Images held as compact unsigned bytes (MNIST train: 47 MB instead of 188 MB of floats), with
 * optional class labels. Arrays are shared by every iterator built on the set: do not modify.
 * Serializable, so that a Spark job can broadcast a set once to its executors.
 *
 * @param name           dataset name, e.g. {@code "mnist"}
 * @param pixels         {@code count * pixelsPerImage} unsigned bytes, image after image
 * @param pixelsPerImage pixels of one image, e.g. 784
 * @param labels         one class index per image, or null when unlabeled
 * @param classNames     names of the classes (empty when unlabeled)
 * @param fileSha256     SHA-256 of the uncompressed source files, by file name
 */
public record ByteImageSet(String name, byte[] pixels, int pixelsPerImage, byte[] labels, List<String> classNames,
                           Map<String, String> fileSha256) implements Serializable {

    public ByteImageSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (pixelsPerImage <= 0 || pixels.length % pixelsPerImage != 0) {
            throw new IllegalArgumentException("pixels.length " + pixels.length
                    + " is not a multiple of pixelsPerImage " + pixelsPerImage);
        }
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        fileSha256 = fileSha256 == null ? Map.of() : Map.copyOf(fileSha256);
        if (labels != null) {
            int count = pixels.length / pixelsPerImage;
            if (labels.length != count) {
                throw new IllegalArgumentException(count + " images but " + labels.length + " labels");
            }
            for (int i = 0; i < labels.length; i++) {
                if ((labels[i] & 0xff) >= classNames.size()) {
                    throw new IllegalArgumentException("label " + (labels[i] & 0xff) + " of example " + i
                            + " is outside the " + classNames.size() + " classes " + classNames);
                }
            }
        }
    }

    public int count() {
        return pixels.length / pixelsPerImage;
    }

    public boolean labeled() {
        return labels != null;
    }
}
