package org.vae4j.eval.estimate;

import java.time.Duration;

/**
 * Progress of a long evaluation after one block of examples.
 *
 * @param examplesDone   examples finished so far
 * @param examplesTotal  examples to evaluate
 * @param elapsed        wall time since the evaluation started
 * @param remaining      estimated time to finish, assuming the rate so far
 */
public record EvaluationProgress(long examplesDone, long examplesTotal, Duration elapsed, Duration remaining) {

    public static EvaluationProgress of(long done, long total, long elapsedNanos) {
        long remainingNanos = done == 0 ? 0 : (long) ((double) elapsedNanos / done * (total - done));
        return new EvaluationProgress(done, total, Duration.ofNanos(elapsedNanos), Duration.ofNanos(remainingNanos));
    }

    public double fractionDone() {
        return (double) examplesDone / examplesTotal;
    }
}
