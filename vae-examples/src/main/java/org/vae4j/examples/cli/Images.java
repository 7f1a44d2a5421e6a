package org.vae4j.examples.cli;

import org.vae4j.examples.plot.ImageShape;

final class Images {

    private Images() {
    }

    static ImageShape shapeOf(ModelSource model) {
        int inputSize = model.model().config().inputSize();
        ImageShape shape = ImageShape.forInputSize(inputSize);
        if (shape == null) {
            throw new IllegalArgumentException("The model's data (inputSize " + inputSize + ") are not images "
                    + "vae4j knows how to draw (784 = 28x28, 560 = 28x20)");
        }
        return shape;
    }
}
