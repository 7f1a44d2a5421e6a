package org.vae4j.examples.run;

import org.vae4j.core.train.IterationEvent;
import org.vae4j.core.train.TrainingListener;

/**
 * Asks the trainer to stop (with a final checkpoint) once a wall-time budget is spent. The
 * budget counts from construction, i.e. per invocation: a resumed run gets a fresh budget.
 */
public final class TimeBudgetListener implements TrainingListener {

    private final long deadlineNanos;
    private final Runnable stop;
    private volatile boolean expired;

    public TimeBudgetListener(double budgetMinutes, Runnable stop) {
        // Long.MAX_VALUE (no budget) must not overflow when added to nanoTime.
        this.deadlineNanos = budgetMinutes > 0 && Double.isFinite(budgetMinutes)
                ? System.nanoTime() + (long) (budgetMinutes * 60e9) : Long.MAX_VALUE;
        this.stop = stop;
    }

    @Override
    public void onIteration(IterationEvent event) {
        if (!expired && deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
            expired = true;
            stop.run();
        }
    }

    public boolean expired() {
        return expired;
    }
}
