package org.vae4j.examples.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.vae4j.core.train.VaeTrainer;

/**
 * While open, Ctrl-C asks the trainer to stop after the current step (the trainer then writes a
 * checkpoint) and the JVM waits until the command has finished ({@link #commandFinished}), so
 * model.zip is written and the "continue with: ./vae4j train --resume ..." line printed: the
 * JVM halts as soon as the last shutdown hook returns, and a hook released when this guard
 * closed let it halt before the command printed anything (issue 24).
 */
public final class CtrlC implements AutoCloseable {

    /** Counted down when the command that trains is done, output included; once per JVM is enough. */
    private static final CountDownLatch COMMAND_FINISHED = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean pressed;

    private CtrlC(VaeTrainer trainer) {
        hook = new Thread(() -> {
            pressed = true;
            trainer.requestStop();
            try {
                if (finished.await(120, TimeUnit.SECONDS)) {
                    COMMAND_FINISHED.await(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vae4j-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static CtrlC stops(VaeTrainer trainer) {
        return new CtrlC(trainer);
    }

    /** True once Ctrl-C (or another JVM shutdown) asked the run to stop. */
    public boolean pressed() {
        return pressed;
    }

    /**
     * Called by the CLI when a command has returned (after its output): a Ctrl-C hook waiting
     * for the run lets the JVM exit now. The CLI runs one command per JVM, so once is enough.
     */
    public static void commandFinished() {
        COMMAND_FINISHED.countDown();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting because of Ctrl-C: the hook is running and waits for us.
        }
    }
}
