package org.vae4j.core.distribution;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Categorical variables encoded one-hot, in consecutive groups of declared sizes (e.g. a tabular
 * record with a 3-level and a 5-level attribute has groupSizes {3, 5} and 8 data columns).
 * One pre-output column per data column: the unnormalized log-probability (logit) of that level;
 * probabilities are the softmax within the group.
 *
 * <p>-log p(x) = sum over groups of (logsumexp(logits of the group) - logit of the hot level).
 * Use inside DL4J's {@code CompositeReconstructionDistribution} next to Gaussian/Bernoulli parts
 * for mixed tabular data.
 *
 * <p>Data must be exactly one-hot within every group. With clampData=true a group that is not is
 * replaced by the one-hot vector of its largest entry (first on ties).
 */
public class CategoricalReconstructionDistribution implements ReconstructionDistribution {

    @JsonProperty("groupSizes")
    private final int[] groupSizes;
    @JsonProperty("clampData")
    private final boolean clampData;

    /** @param groupSizes number of levels of each categorical variable, in column order; each >= 2 */
    public CategoricalReconstructionDistribution(int... groupSizes) {
        this(groupSizes, false);
    }

    /**
     * @param groupSizes number of levels of each categorical variable, in column order; each >= 2
     * @param clampData  replace a group that is not one-hot by the one-hot of its argmax
     */
    @JsonCreator
    public CategoricalReconstructionDistribution(@JsonProperty("groupSizes") int[] groupSizes,
            @JsonProperty("clampData") boolean clampData) {
        if (groupSizes == null || groupSizes.length == 0) {
            throw new IllegalArgumentException(name() + ": groupSizes must name at least one group");
        }
        for (int i = 0; i < groupSizes.length; i++) {
            if (groupSizes[i] < 2) {
                throw new IllegalArgumentException(name() + ": groupSizes[" + i + "] = " + groupSizes[i]
                        + ", must be >= 2");
            }
        }
        this.groupSizes = groupSizes.clone();
        this.clampData = clampData;
    }

    public int[] getGroupSizes() {
        return groupSizes.clone();
    }

    public boolean isClampData() {
        return clampData;
    }

    private static String name() {
        return CategoricalReconstructionDistribution.class.getSimpleName();
    }

    private int totalColumns() {
        return Arrays.stream(groupSizes).sum();
    }

    @Override
    public boolean hasLossFunction() {
        return false;
    }

    @Override
    public int distributionInputSize(int dataSize) {
        if (dataSize != totalColumns()) {
            throw new IllegalArgumentException(name() + ": data size " + dataSize + " does not match the sum "
                    + totalColumns() + " of groupSizes " + Arrays.toString(groupSizes));
        }
        return dataSize;
    }

    @Override
    public double negLogProbability(INDArray x, INDArray preOutDistributionParams, boolean average) {
        double[] perExample = perExample(x, preOutDistributionParams);
        double total = Arrays.stream(perExample).sum();
        return average ? total / perExample.length : total;
    }

    @Override
    public INDArray exampleNegLogProbability(INDArray x, INDArray preOutDistributionParams) {
        double[] perExample = perExample(x, preOutDistributionParams);
        return Nd4j.create(perExample, new long[] {perExample.length, 1}, DataType.DOUBLE)
                .castTo(preOutDistributionParams.dataType());
    }

    private double[] perExample(INDArray x, INDArray preOut) {
        double[][] data = checkedData(x, preOut);
        double[][] logits = RowMajor.of(preOut).toMatrix();
        double[] result = new double[data.length];
        for (int row = 0; row < data.length; row++) {
            int start = 0;
            for (int size : groupSizes) {
                result[row] += negLogSoftmax(logits[row], start, size, start + hotIndex(data[row], start, size));
                start += size;
            }
        }
        return result;
    }

    @Override
    public INDArray gradient(INDArray x, INDArray preOutDistributionParams) {
        double[][] data = checkedData(x, preOutDistributionParams);
        double[][] logits = RowMajor.of(preOutDistributionParams).toMatrix();
        double[][] grad = new double[data.length][];
        for (int row = 0; row < data.length; row++) {
            grad[row] = softmaxByGroup(logits[row]);
            int start = 0;
            for (int size : groupSizes) {
                int hot = start + hotIndex(data[row], start, size);
                // p_hot - 1 = -(sum of the other probabilities): no cancellation when p_hot -> 1
                double others = 0;
                for (int j = start; j < start + size; j++) {
                    if (j != hot) {
                        others += grad[row][j];
                    }
                }
                grad[row][hot] = -others;
                start += size;
            }
        }
        return Nd4j.create(grad).castTo(preOutDistributionParams.dataType());
    }

    @Override
    public INDArray generateRandom(INDArray preOutDistributionParams) {
        Random rng = Nd4j.getRandom();
        double[][] logits = RowMajor.of(preOutDistributionParams).toMatrix();
        double[][] out = new double[logits.length][logits[0].length];
        for (int row = 0; row < logits.length; row++) {
            double[] probs = softmaxByGroup(logits[row]);
            int start = 0;
            for (int size : groupSizes) {
                double u = rng.nextDouble();
                int chosen = start + size - 1; // if rounding leaves u above the cumulative sum
                double cumulative = 0;
                for (int j = start; j < start + size; j++) {
                    cumulative += probs[j];
                    if (u < cumulative) {
                        chosen = j;
                        break;
                    }
                }
                out[row][chosen] = 1.0;
                start += size;
            }
        }
        return Nd4j.create(out).castTo(preOutDistributionParams.dataType());
    }

    /** The mean of a one-hot vector is the vector of level probabilities. */
    @Override
    public INDArray generateAtMean(INDArray preOutDistributionParams) {
        double[][] logits = RowMajor.of(preOutDistributionParams).toMatrix();
        double[][] out = new double[logits.length][];
        for (int row = 0; row < logits.length; row++) {
            out[row] = softmaxByGroup(logits[row]);
        }
        return Nd4j.create(out).castTo(preOutDistributionParams.dataType());
    }

    private double[] softmaxByGroup(double[] logits) {
        double[] probs = new double[logits.length];
        int start = 0;
        for (int size : groupSizes) {
            double lse = logSumExp(logits, start, size);
            for (int j = start; j < start + size; j++) {
                probs[j] = Math.exp(logits[j] - lse);
            }
            start += size;
        }
        return probs;
    }

    /**
     * logsumexp(group) - logit[hot]. When the hot level has the largest logit this is
     * log1p(sum of e^(l_j - l_hot)), which keeps its relative precision as the loss goes to 0.
     */
    private static double negLogSoftmax(double[] logits, int start, int size, int hot) {
        double maxOther = Double.NEGATIVE_INFINITY;
        for (int j = start; j < start + size; j++) {
            if (j != hot) {
                maxOther = Math.max(maxOther, logits[j] - logits[hot]);
            }
        }
        if (maxOther > 0) {
            return logSumExp(logits, start, size) - logits[hot];
        }
        double sum = 0;
        for (int j = start; j < start + size; j++) {
            if (j != hot) {
                sum += Math.exp(logits[j] - logits[hot]);
            }
        }
        return StableMath.log1p(sum);
    }

    private static double logSumExp(double[] v, int start, int size) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = start; j < start + size; j++) {
            max = Math.max(max, v[j]);
        }
        double sum = 0;
        for (int j = start; j < start + size; j++) {
            sum += Math.exp(v[j] - max);
        }
        return max + Math.log(sum);
    }

    private static int hotIndex(double[] row, int start, int size) {
        for (int j = 0; j < size; j++) {
            if (row[start + j] == 1.0) {
                return j;
            }
        }
        throw new IllegalStateException("checkedData guarantees a hot level");
    }

    /** Validates (or repairs, with clampData) every group; returns the data as double. */
    private double[][] checkedData(INDArray x, INDArray preOut) {
        double[][] data = RowMajor.of(x).toMatrix();
        int columns = totalColumns();
        if (data[0].length != columns || preOut.rank() != 2 || preOut.size(1) != columns
                || preOut.size(0) != data.length) {
            throw new IllegalArgumentException(name() + ": data shape [" + data.length + "," + data[0].length
                    + "] and pre-output shape " + Arrays.toString(preOut.shape()) + " must both be [n, " + columns
                    + "] for groupSizes " + Arrays.toString(groupSizes));
        }
        for (int row = 0; row < data.length; row++) {
            int start = 0;
            for (int g = 0; g < groupSizes.length; g++) {
                checkGroup(data[row], row, g, start, groupSizes[g]);
                start += groupSizes[g];
            }
        }
        return data;
    }

    private void checkGroup(double[] row, int rowIndex, int group, int start, int size) {
        int ones = 0;
        int bad = -1;
        for (int j = start; j < start + size; j++) {
            if (row[j] == 1.0) {
                ones++;
            } else if (row[j] != 0.0 && bad < 0) {
                bad = j;
            }
        }
        if (ones == 1 && bad < 0) {
            return;
        }
        if (clampData) {
            int argmax = start;
            for (int j = start; j < start + size; j++) {
                if (row[j] > row[argmax]) {
                    argmax = j;
                }
            }
            Arrays.fill(row, start, start + size, 0.0);
            row[argmax] = 1.0;
            return;
        }
        int column = bad >= 0 ? bad : start;
        throw new IllegalArgumentException(name() + ": data column " + column + " (row " + rowIndex + ") has value "
                + row[column] + "; group " + group + " (columns " + start + ".." + (start + size - 1) + ") has "
                + ones + " entries equal to 1 and must be exactly one-hot. Fix the data or construct the "
                + "distribution with clampData=true.");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CategoricalReconstructionDistribution
                && Arrays.equals(groupSizes, ((CategoricalReconstructionDistribution) o).groupSizes)
                && clampData == ((CategoricalReconstructionDistribution) o).clampData;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(groupSizes) + Boolean.hashCode(clampData);
    }

    @Override
    public String toString() {
        return name() + "{groupSizes=" + Arrays.toString(groupSizes) + ", clampData=" + clampData + "}";
    }
}
