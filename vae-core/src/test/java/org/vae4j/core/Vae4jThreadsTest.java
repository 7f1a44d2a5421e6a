package org.vae4j.core;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class Vae4jThreadsTest {

    /**
     * A part that fails must not let forEachPart return while another part still runs (its caller
     * may free the buffers that part writes). A parallel stream's join does return early when the
     * failing part ran on the calling thread, which happens in about half of the trials.
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
                        sleep(60);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
