package org.vae4j.eval.estimate;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs progress and ETA through SLF4J at INFO, at most once per {@code interval} (and always at the
 * end), so that a 10k-example evaluation writes a few dozen lines rather than one per block.
 */
public final class LoggingEvaluationListener implements EvaluationListener {

    private static final Logger LOG = LoggerFactory.getLogger(LoggingEvaluationListener.class);

    private final long intervalNanos;
    private long lastLogNanos = Long.MIN_VALUE;

    public LoggingEvaluationListener(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    public LoggingEvaluationListener() {
        this(Duration.ofSeconds(10));
    }

    @Override
    public void onBlockDone(EvaluationProgress progress) {
        long now = progress.elapsed().toNanos();
        boolean last = progress.examplesDone() == progress.examplesTotal();
        if (!last && lastLogNanos != Long.MIN_VALUE && now - lastLogNanos < intervalNanos) {
            return;
        }
        lastLogNanos = now;
        LOG.info(String.format(Locale.ROOT, "log p(x): %d/%d examples (%.1f%%), elapsed %s, ETA %s",
                progress.examplesDone(), progress.examplesTotal(), 100 * progress.fractionDone(),
                format(progress.elapsed()), format(progress.remaining())));
    }

    private static String format(Duration d) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
