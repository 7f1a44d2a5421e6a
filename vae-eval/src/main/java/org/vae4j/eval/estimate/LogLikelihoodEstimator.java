package org.vae4j.eval.estimate;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;

/**
 * An estimator of log p(x) for a VAE: importance sampling ({@link ImportanceSampledLikelihood}),
 * annealed importance sampling and bidirectional Monte Carlo ({@code org.vae4j.eval.ais}). Each
 * takes {@link EvaluationData} and returns a {@link LogLikelihoodReport} of one shape, whose
 * {@link LogLikelihoodReport#details()} say which estimator ran and what it adds.
 *
 * <pre>{@code
 * LogLikelihoodEstimator estimator = ImportanceSampledLikelihood.builder(model).importanceSamples(5000).build();
 * LogLikelihoodReport report = estimator.evaluate(testIterator, testData);
 * }</pre>
 */
public interface LogLikelihoodEstimator {

    /** The model whose log p(x) is estimated. */
    VaeModel model();

    /** How the work is cut to fit the memory budget (does not change the numbers). */
    ChunkPlan plan();

    /** Estimates log p(x) for every example of {@code data}. */
    LogLikelihoodReport evaluate(EvaluationData data);

    /** Evaluates the rows of {@code features} ([examples, inputSize]) described as unnamed data. */
    default LogLikelihoodReport evaluate(INDArray features) {
        return evaluate(features, null);
    }

    /** Evaluates the rows of {@code features}; {@code description} says what they are (may be null). */
    default LogLikelihoodReport evaluate(INDArray features, DataDescription description) {
        return evaluate(ObservedData.of(model(), features, description));
    }

    /** Evaluates every example of {@code iterator} (reset first when it can be); features only. */
    default LogLikelihoodReport evaluate(DataSetIterator iterator, DataDescription description) {
        return evaluate(ObservedData.of(model(), iterator, description));
    }
}
