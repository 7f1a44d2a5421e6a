package org.vae4j.eval.estimate;

import org.vae4j.core.Versions;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;

/**
 * Where the numbers of a report come from. The samples per example are the summary's and the
 * estimator's own settings are its {@link EstimatorDetails}; this is what every estimator shares.
 *
 * @param vae4jVersion        vae4j version that computed them
 * @param dl4jVersion         DL4J version
 * @param modelConfigJson     the model's {@code VaeConfig} as JSON
 * @param modelTrainingData   data the model was trained on, or null when unknown
 * @param evaluationData      data evaluated (name, split, binarization, ...)
 * @param seed                seed of the estimator's noise
 * @param noiseScheme         how the noise was derived from the seed (what the numbers depend on)
 * @param chunking            how the work was cut to fit memory (does not change the numbers)
 */
public record EvaluationProvenance(String vae4jVersion, String dl4jVersion, String modelConfigJson,
                                   DataDescription modelTrainingData, DataDescription evaluationData,
                                   long seed, String noiseScheme, ChunkPlan chunking) {

    /** The provenance of an evaluation of {@code model} on {@code data}, by this vae4j and DL4J. */
    public static EvaluationProvenance of(VaeModel model, EvaluationData data, long seed, String noiseScheme,
                                          ChunkPlan chunking) {
        return new EvaluationProvenance(Versions.vae4j(), Versions.dl4j(), model.config().toJson(), model.data(),
                data.description(), seed, noiseScheme, chunking);
    }
}
