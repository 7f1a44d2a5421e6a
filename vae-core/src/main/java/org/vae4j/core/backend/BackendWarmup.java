package org.vae4j.core.backend;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's initialisation (loading the backend's native libraries, about 0.4 s on the CPU backend) on
 * a background thread, so that an application can read its data files meanwhile: the first ND4J
 * call on any thread then waits only for what is left. Started by an application (vae4j's command
 * line does, first thing), never by the library itself. A failure on the background thread is not
 * lost: the next ND4J call of any thread fails with it as the cause (the JVM keeps a failed class
 * initialisation's error). (Loading JavaCPP's OpenBLAS binding here too made no measurable
 * difference: 1.51 vs 1.35 s median start-up over 5 alternating runs each, within the noise.)
 */
public final class BackendWarmup {

    private static Thread thread;
    private static volatile long initNanos = -1;

    private BackendWarmup() {
    }

    /** Starts ND4J's initialisation on a daemon thread; later calls do nothing. */
    public static synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(() -> {
            long started = System.nanoTime();
            try {
                Nd4j.scalar(0f).close();
            } catch (Throwable failed) {
                return;   // the first ND4J call of the thread that needs it reports it
            }
            initNanos = System.nanoTime() - started;
        }, "vae4j-nd4j-init");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits for ND4J's initialisation and returns how long it took, in nanoseconds: on the
     * background thread when {@link #start()} was called, else here and now.
     */
    public static long awaitNanos() {
        Thread started;
        synchronized (BackendWarmup.class) {
            started = thread;
        }
        if (started != null) {
            try {
                started.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (initNanos >= 0) {
                return initNanos;
            }
        }
        long begin = System.nanoTime();
        Nd4j.scalar(0f).close();
        return System.nanoTime() - begin;
    }
}
