package org.vae4j.eval.estimate;

import org.vae4j.eval.internal.StreamingLogSumExp;

/**
 * Everything the estimators need from the importance weights of ONE example, merged one sample at
 * a time in double precision, so no sample has to be kept:
 * <ul>
 *   <li>logsumexp(log w) for log p(x);</li>
 *   <li>logsumexp(2 log w) for the effective sample size (sum w)^2 / sum w^2;</li>
 *   <li>sum of log p(x|z) for the ELBO's reconstruction term;</li>
 *   <li>for each IWAE group size k, the running logmeanexp of the current group of k consecutive
 *       samples and the sum over completed groups (Burda et al. 2015, eq. 8, averaged over the
 *       floor(K / k) disjoint groups that K samples contain).</li>
 * </ul>
 */
final class ImportanceWeightAccumulator {

    private final StreamingLogSumExp logWeights = new StreamingLogSumExp();
    private final StreamingLogSumExp twiceLogWeights = new StreamingLogSumExp();
    private final int[] groupSizes;
    private final StreamingLogSumExp[] currentGroup;
    private final double[] completedGroupSum;
    private final int[] completedGroups;
    private double sumLogLikelihood;

    ImportanceWeightAccumulator(int[] groupSizes) {
        this.groupSizes = groupSizes;
        this.currentGroup = new StreamingLogSumExp[groupSizes.length];
        for (int j = 0; j < groupSizes.length; j++) {
            currentGroup[j] = new StreamingLogSumExp();
        }
        this.completedGroupSum = new double[groupSizes.length];
        this.completedGroups = new int[groupSizes.length];
    }

    /**
     * @param logWeight        log p(x|z) + log p(z) - log q(z|x) of one sample z ~ q(z|x), nats
     * @param logLikelihood    log p(x|z) of the same sample, nats
     */
    void add(double logWeight, double logLikelihood) {
        logWeights.add(logWeight);
        twiceLogWeights.add(2 * logWeight);
        sumLogLikelihood += logLikelihood;
        for (int j = 0; j < groupSizes.length; j++) {
            StreamingLogSumExp group = currentGroup[j];
            group.add(logWeight);
            if (group.count() == groupSizes[j]) {
                completedGroupSum[j] += group.logMeanExp();
                completedGroups[j]++;
                group.reset();
            }
        }
    }

    long samples() {
        return logWeights.count();
    }

    /** log p(x) estimate: logmeanexp of all log-weights, nats. */
    double logMarginalLikelihood() {
        return logWeights.logMeanExp();
    }

    /** (sum w)^2 / sum w^2, between 1 and the number of samples. */
    double effectiveSampleSize() {
        return Math.exp(2 * logWeights.logSumExp() - twiceLogWeights.logSumExp());
    }

    /** Monte Carlo mean of log p(x|z) under q, nats. */
    double meanLogLikelihood() {
        return sumLogLikelihood / logWeights.count();
    }

    /** IWAE-k bound for group size {@code groupSizes[j]}: mean logmeanexp over completed groups. */
    double iwaeBound(int j) {
        return completedGroupSum[j] / completedGroups[j];
    }
}
