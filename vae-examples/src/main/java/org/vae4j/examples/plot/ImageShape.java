package org.vae4j.examples.plot;

/** Rows and columns of a row-major image stored as one feature vector. */
public record ImageShape(int rows, int columns) {

    public ImageShape {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + rows + "x" + columns);
        }
    }

    /** 784 = 28 x 28 (MNIST, Fashion-MNIST), 560 = 28 x 20 (Frey Face); null for other data. */
    public static ImageShape forInputSize(int inputSize) {
        return switch (inputSize) {
            case 784 -> new ImageShape(28, 28);
            case 560 -> new ImageShape(28, 20);
            default -> null;
        };
    }

    public int pixels() {
        return rows * columns;
    }
}
