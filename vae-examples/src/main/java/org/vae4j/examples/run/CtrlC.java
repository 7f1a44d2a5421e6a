package org.vae4j.examples.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.vae4j.core.train.VaeTrainer;

/**
 * While open, Ctrl-C asks the trainer to stop after the current step (the trainer then writes a
 * checkpoint) and the JVM waits until this guard is closed, so model.zip is written too.
 */
public final class CtrlC implements AutoCloseable {

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean pressed;

    private CtrlC(VaeTrainer trainer) {
        hook = new Thread(() -> {
            pressed = true;
            trainer.requestStop();
            try {
                finished.await(120, TimeUnit.SECONDS);
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
