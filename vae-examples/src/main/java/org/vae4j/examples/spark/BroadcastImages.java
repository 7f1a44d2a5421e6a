package org.vae4j.examples.spark;

import org.apache.spark.broadcast.Broadcast;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.spark.ExampleEncoder;

/**
 * A recipe's training images on Spark: the RDD holds example ids, the images (unsigned bytes, 47 MB
 * for MNIST) travel once to each executor as a broadcast, and each example becomes the features the
 * recipe's own iterator serves in that epoch ({@link ByteImageDataSetIterator#writeExample}): the
 * same dynamic binarization draw per (seed, epoch, id) as single-machine training.
 */
record BroadcastImages(Broadcast<ByteImageDataSetIterator> images) implements ExampleEncoder<Integer> {

    private static final long serialVersionUID = 1L;

    @Override
    public double[] encode(Integer id, int epoch) {
        ByteImageDataSetIterator source = images.value();
        float[] features = new float[source.inputColumns()];
        source.writeExample(id, epoch, features, 0);
        double[] row = new double[features.length];
        for (int i = 0; i < row.length; i++) {
            row[i] = features[i];
        }
        return row;
    }
}
