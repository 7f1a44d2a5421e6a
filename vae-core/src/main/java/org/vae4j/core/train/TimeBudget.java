package org.vae4j.core.train;

import java.time.Duration;

/**
 * Stops training once it has run for a wall-clock budget (measured from the start of this
 * {@code fit} call), after the current update, with {@link TrainingResult.StopReason#BUDGET_EXHAUSTED};
 * with checkpoints on, the run can be resumed.
 */
public final class TimeBudget implements TrainingListener {

    private final long budgetNanos;
    private long startNanos;
    private volatile boolean expired;

    public TimeBudget(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("TimeBudget = " + budget + ": must be > 0");
        }
        this.budgetNanos = budget.toNanos();
    }

    @Override
    public void onStart(TrainingControl control) {
        startNanos = System.nanoTime();
        expired = false;
    }

    @Override
    public void onIteration(IterationEvent event, TrainingControl control) {
        if (System.nanoTime() - startNanos >= budgetNanos) {
            expired = true;
            control.requestStop(TrainingResult.StopReason.BUDGET_EXHAUSTED);
        }
    }

    /** Whether the budget ran out in the last {@code fit}. */
    public boolean expired() {
        return expired;
    }
}
