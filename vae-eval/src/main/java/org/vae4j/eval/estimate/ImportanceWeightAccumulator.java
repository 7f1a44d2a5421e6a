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

    /**
     * {@link #add} for {@code count} consecutive samples, {@code logWeight[from, from + count)} with their
     * {@code logLikelihood}, to rounding: one exp per sample, relative to the samples' largest log-weight m,
     * where adding them one by one costs an exp per sample and quantity (two, plus one per IWAE group size,
     * plus a log for groups of one: a sixth of a tabular evaluation's time, bench/README). Each
     * quantity takes the samples as one partial sum relative to m, the squared weights as sum e^2 relative to
     * 2m; a group of one takes its log-weight itself. A group whose part of the sum is too small to be exact
     * relative to m (a weight e^-660 below the largest) and samples with a NaN or infinite weight go one by one.
     *
     * @param scratch at least {@code count} values, overwritten
     */
    void addAll(double[] logWeight, double[] logLikelihood, int from, int count, double[] scratch) {
        double max = Double.NEGATIVE_INFINITY;
        boolean finite = true;
        for (int i = from; i < from + count; i++) {
            double v = logWeight[i];
            finite &= Double.isFinite(v);
            max = Math.max(max, v);
        }
        if (!finite) {
            for (int i = from; i < from + count; i++) {
                add(logWeight[i], logLikelihood[i]);
            }
            return;
        }
        double sum = 0;
        double squares = 0;
        double logLikelihoodSum = 0;
        for (int i = 0; i < count; i++) {
            double e = Math.exp(logWeight[from + i] - max);
            scratch[i] = e;
            sum += e;
            squares += e * e;
            logLikelihoodSum += logLikelihood[from + i];
        }
        logWeights.addPartial(max, sum, count);
        twiceLogWeights.addPartial(2 * max, squares, count);
        sumLogLikelihood += logLikelihoodSum;
        for (int j = 0; j < groupSizes.length; j++) {
            if (groupSizes[j] == 1) {
                // logmeanexp of one value is the value.
                for (int i = from; i < from + count; i++) {
                    completedGroupSum[j] += logWeight[i];
                }
                completedGroups[j] += count;
                continue;
            }
            StreamingLogSumExp group = currentGroup[j];
            for (int i = 0; i < count; ) {
                int part = (int) Math.min(groupSizes[j] - group.count(), count - i);
                double partSum = 0;
                for (int t = i; t < i + part; t++) {
                    partSum += scratch[t];
                }
                if (partSum >= StreamingLogSumExp.MIN_PARTIAL_SUM) {
                    group.addPartial(max, partSum, part);
                } else {
                    for (int t = i; t < i + part; t++) {
                        group.add(logWeight[from + t]);
                    }
                }
                i += part;
                if (group.count() == groupSizes[j]) {
                    completedGroupSum[j] += group.logMeanExp();
                    completedGroups[j]++;
                    group.reset();
                }
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
