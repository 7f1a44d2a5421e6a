package org.vae4j.examples.recipes;

import java.util.List;

import org.vae4j.datasets.iterator.EpochDataSetIterator;
import org.vae4j.examples.plot.ImageShape;

/**
 * The data of one run. Validation and test iterators keep file order and use fixed
 * binarization, so every evaluation sees the same examples.
 *
 * @param classNames label names, empty when the data has no labels (Frey Face)
 * @param imageShape how to draw an example, or null for non-image data
 */
public record RecipeData(EpochDataSetIterator train, EpochDataSetIterator validation, EpochDataSetIterator test,
                         List<String> classNames, ImageShape imageShape) {

    public RecipeData {
        classNames = List.copyOf(classNames);
    }

    public boolean labeled() {
        return !classNames.isEmpty();
    }
}
