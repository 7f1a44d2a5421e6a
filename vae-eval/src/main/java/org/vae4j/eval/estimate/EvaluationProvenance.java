package org.vae4j.eval.estimate;

import org.vae4j.core.provenance.DataDescription;

/**
 * Where the numbers of a report come from.
 *
 * @param vae4jVersion        vae4j version that computed them
 * @param dl4jVersion         DL4J version
 * @param modelConfigJson     the model's {@code VaeConfig} as JSON
 * @param modelTrainingData   data the model was trained on, or null when unknown
 * @param evaluationData      data evaluated (name, split, binarization, ...)
 * @param importanceSamples   k
 * @param seed                seed of the importance samples
 * @param noiseScheme         how the noise was derived from the seed (what the numbers depend on)
 * @param chunking            how the work was cut to fit memory (does not change the numbers)
 */
public record EvaluationProvenance(String vae4jVersion, String dl4jVersion, String modelConfigJson,
                                   DataDescription modelTrainingData, DataDescription evaluationData,
                                   int importanceSamples, long seed, String noiseScheme, ChunkPlan chunking) {
}
