package org.vae4j.examples.run;

import java.io.Console;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars with rate and ETA on stderr, or nothing: bars are off with --no-progress and
 * when stderr is not a terminal (a log file or CI output would fill with redraws).
 */
public final class Progress {

    /** A step counter; the no-op one does nothing. */
    public interface Bar extends AutoCloseable {
        void stepTo(long done);

        void extraMessage(String message);

        @Override
        void close();
    }

    private static final Bar NONE = new Bar() {
        @Override
        public void stepTo(long done) {
        }

        @Override
        public void extraMessage(String message) {
        }

        @Override
        public void close() {
        }
    };

    private final boolean enabled;

    private Progress(boolean enabled) {
        this.enabled = enabled;
    }

    public static Progress disabled() {
        return new Progress(false);
    }

    /** Bars on when asked for and a terminal is attached. */
    public static Progress forTerminal(boolean wanted) {
        Console console = System.console();
        return new Progress(wanted && console != null);
    }

    public boolean enabled() {
        return enabled;
    }

    public Bar start(String task, long total, String unit) {
        if (!enabled) {
            return NONE;
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed()
                .setUpdateIntervalMillis(500).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
        return new Bar() {
            @Override
            public void stepTo(long done) {
                bar.stepTo(done);
            }

            @Override
            public void extraMessage(String message) {
                bar.setExtraMessage(message);
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
