package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Vae4jThreadsTest {

    /**
     * A part that fails must not let forEachPart return while another part still runs (its caller
     * may free the buffers that part writes). A parallel stream's join did return early when the
     * failing part ran on the calling thread, in about half of the trials. The slow part spins
     * rather than sleeps, so an interrupt left on a pool thread cannot end it early.
     */
    @Test
    void aFailingPartIsThrownAsIsOnlyAfterEveryPartHasEnded() throws Exception {
        Assumptions.assumeTrue(Vae4jThreads.threads() > 1, "one thread: parts run one after another");
        for (int trial = 0; trial < 12; trial++) {
            IllegalArgumentException failure = new IllegalArgumentException("part 0 fails");
            CountDownLatch bothStarted = new CountDownLatch(2);
            AtomicBoolean slowPartEnded = new AtomicBoolean();
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> Vae4jThreads.forEachPart(2, part -> {
                        bothStarted.countDown();
                        await(bothStarted);
                        if (part == 0) {
                            throw failure;
                        }
                        spin(60);
                        slowPartEnded.set(true);
                    }));
            assertSame(failure, thrown);
            assertTrue(slowPartEnded.get(), "trial " + trial + ": returned while part 1 was still running");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "both parts should start");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** An interrupt of the caller does not end the wait early; the caller gets it back afterwards. */
    @Test
    void anInterruptedCallerStillWaitsForEveryPartAndKeepsItsInterrupt() {
        Assumptions.assumeTrue(Vae4jThreads.threads() > 1, "one thread: parts run one after another");
        AtomicBoolean partsEnded = new AtomicBoolean();
        AtomicInteger ended = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            Vae4jThreads.forEachPart(2, part -> {
                spin(50);
                if (ended.incrementAndGet() == 2) {
                    partsEnded.set(true);
                }
            });
            assertTrue(partsEnded.get(), "returned before both parts ended");
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt was swallowed");
        } finally {
            Thread.interrupted();
        }
    }

    /** Every part runs exactly once, also when there are more parts than threads. */
    @Test
    void morePartsThanThreadsRunEachPartOnce() {
        int parts = Vae4jThreads.threads() * 3 + 1;
        AtomicInteger[] runs = new AtomicInteger[parts];
        for (int i = 0; i < parts; i++) {
            runs[i] = new AtomicInteger();
        }
        Vae4jThreads.forEachPart(parts, part -> runs[part].incrementAndGet());
        for (int i = 0; i < parts; i++) {
            assertEquals(1, runs[i].get(), "part " + i);
        }
    }
}
