package org.vae4j.core.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** The background initialisation starts one thread however often it is asked, and ND4J works after waiting for it. */
class BackendWarmupTest {

    @Test
    void startsOneDaemonThreadAndAwaitingItLeavesNd4jReady() {
        BackendWarmup.start();
        BackendWarmup.start();
        long threads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("vae4j-nd4j-init")).peek(t -> assertTrue(t.isDaemon())).count();
        assertTrue(threads <= 1, threads + " initialisation threads");
        long nanos = BackendWarmup.awaitNanos();
        assertTrue(nanos >= 0, "initialisation took " + nanos + " ns");
        assertEquals(6.0, Nd4j.createFromArray(1.0, 2.0, 3.0).sumNumber().doubleValue(), 0.0);
        assertEquals(nanos, BackendWarmup.awaitNanos(), "the background thread's time, measured once");
    }
}
