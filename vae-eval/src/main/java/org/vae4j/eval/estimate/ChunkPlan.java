package org.vae4j.eval.estimate;

import java.util.List;

import org.vae4j.core.config.VaeConfig;

/**
 * How the k importance samples of the data set are cut into pieces that fit a memory budget: blocks
 * of {@code examplesPerBlock} examples, each evaluated in chunks of {@code samplesPerChunk}
 * samples per example; one chunk is one decoder pass over
 * {@code examplesPerBlock * samplesPerChunk} rows.
 *
 * <p>The plan changes speed and memory only: the noise of sample s of example i is drawn from a
 * generator keyed by (seed, i) in sample order, so the numbers do not depend on the plan.
 *
 * @param examplesPerBlock  examples whose samples share one decoder pass
 * @param samplesPerChunk   samples per example in one pass (the last chunk may be shorter)
 * @param bytesPerSampleRow estimated native memory of one row of a pass (data copy, decoder
 *                          activations, the distribution's temporaries), bytes
 * @param memoryBudgetBytes the budget the plan was made for, bytes
 */
public record ChunkPlan(int examplesPerBlock, int samplesPerChunk, long bytesPerSampleRow, long memoryBudgetBytes) {

    public ChunkPlan {
        if (examplesPerBlock < 1 || samplesPerChunk < 1) {
            throw new IllegalArgumentException("ChunkPlan needs examplesPerBlock >= 1 and samplesPerChunk >= 1, got "
                    + examplesPerBlock + " and " + samplesPerChunk);
        }
    }

    /** This plan for a data set of {@code examples} examples: blocks no larger than the data. */
    public ChunkPlan limitedTo(long examples) {
        return examples >= examplesPerBlock ? this
                : new ChunkPlan((int) examples, samplesPerChunk, bytesPerSampleRow, memoryBudgetBytes);
    }

    /** Rows of one decoder pass. */
    public long rowsPerPass() {
        return (long) examplesPerBlock * samplesPerChunk;
    }

    /**
     * The largest passes that fit {@code memoryBudgetBytes}: all k samples of as many examples as
     * fit, or, when even one example's k samples do not fit, chunks of one example's samples.
     */
    public static ChunkPlan forBudget(VaeConfig config, int importanceSamples, long memoryBudgetBytes) {
        long rowBytes = bytesPerRow(config);
        long rows = Math.max(1, memoryBudgetBytes / rowBytes);
        if (rows >= importanceSamples) {
            long examples = Math.min(rows / importanceSamples, Integer.MAX_VALUE);
            return new ChunkPlan((int) examples, importanceSamples, rowBytes, memoryBudgetBytes);
        }
        return new ChunkPlan(1, (int) rows, rowBytes, memoryBudgetBytes);
    }

    /**
     * Native memory per row: the replicated data row, the decoder's hidden activations (kept for the
     * activation and its input), the distribution parameters plus about three temporaries of that
     * size inside {@code exampleNegLogProbability}, and z; plus the double-precision Java copies of
     * z and the per-row results.
     */
    static long bytesPerRow(VaeConfig config) {
        int element = config.dataType().width();
        long hidden = sum(config.decoderLayerSizes());
        long parameters = config.reconstructionDistribution().distributionInputSize(config.inputSize());
        long nativeElements = config.inputSize() + 2 * hidden + 4 * parameters + 2L * config.networkLatentSize() + 2;
        long javaBytes = 8L * (config.networkLatentSize() + 3);
        return nativeElements * element + javaBytes;
    }

    private static long sum(List<Integer> sizes) {
        return sizes.stream().mapToLong(Integer::longValue).sum();
    }
}
