package org.vae4j.bench.speed;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.train.EpochOrderedIterator;

/**
 * The data of one benchmark model, loaded the way the model's users load it: what {@link TrainSpeed} trains on, what
 * {@link EvalSpeed} scores and what {@link EvalExport} exports. vae-bench loads statically binarized MNIST itself
 * ({@link ThresholdedMnist}); the application, which owns them, supplies its recipes' data loaders and
 * {@code train --data}'s CSV pipeline (vae-examples' {@code benchmark} command).
 */
public interface BenchmarkData {

    /**
     * Reads what the data needs before any work, so that a bad source (a missing CSV file) fails first: evaluation
     * and export call it before anything else; training after ND4J's initialisation, as part of its start-up.
     * Reading again is free.
     */
    default void open() throws IOException {
    }

    /** The configuration trained from {@code seed} (a model sized from its data: sized from this data). */
    VaeConfig config(long seed);

    /**
     * The training data of a run from {@code seed}, its training examples cut to the first {@code limit} (null =
     * all). Called after ND4J's initialisation: what it costs is the run's start-up.
     */
    Training load(long seed, Integer limit) throws IOException;

    /** The first {@code examples} examples the evaluation of a model trained from {@code modelSeed} scores. */
    INDArray evaluationRows(long modelSeed, int examples) throws IOException;

    /** Fails unless {@code model}, read from {@code zip}, was trained on this data, as far as its metadata tells. */
    default void requireTrainedOn(VaeModel model, Path zip) {
    }

    /**
     * The examples the PyTorch side of the evaluation scores, written next to the exported weights (a CSV's test
     * rows as vae4j split and scaled them), or none when PyTorch reads them itself (MNIST's IDX file).
     */
    default Optional<INDArray> exportedRows(long modelSeed) throws IOException {
        return Optional.empty();
    }

    /**
     * A run's training data.
     *
     * @param train the minibatches, in the order the model's users get them
     * @param test  the examples of the run's test -ELBO, a check that the run trained what it should
     */
    record Training(EpochOrderedIterator train, TestRows test) {
    }

    /** The examples of the test -ELBO, read once training is over. */
    interface TestRows {
        INDArray rows() throws IOException;
    }
}
