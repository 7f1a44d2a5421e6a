package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LoggingListenerTest {

    private final AtomicLong clock = new AtomicLong();
    private final List<String> lines = new ArrayList<>();

    @Test
    void everyUnitOfOneIterationOrMoreGetsALineWithTheRateAndMeanSinceTheLast() {
        // Spark's averaging rounds: units of 5 updates, a line per round with every = 1.
        LoggingListener listener = new LoggingListener(1, clock::get, lines::add);
        listener.onStart(control(0));
        clock.addAndGet(250_000_000L);
        listener.onIteration(new IterationEvent(0, 5, 1000, 120.0, 0.02));
        clock.addAndGet(500_000_000L);
        listener.onIteration(new IterationEvent(0, 10, 1000, 110.0, 0.02));
        assertEquals(List.of("epoch 0 iteration 5: -ELBO 120.0000 nats/example, 4000 examples/s",
                "epoch 0 iteration 10: -ELBO 110.0000 nats/example, 2000 examples/s"), lines);
    }

    @Test
    void linesComeWhenTheCountPassesAMultipleWithTheMeanOfTheMinibatchesSinceTheLastLine() {
        LoggingListener listener = new LoggingListener(4, clock::get, lines::add);
        listener.onIteration(new IterationEvent(0, 1, 100, 999.0, 1));   // without onStart: only starts the clock
        clock.addAndGet(1_000_000_000L);
        listener.onIteration(new IterationEvent(0, 2, 100, 90.0, 1));
        listener.onIteration(new IterationEvent(0, 3, 50, 60.0, 1));    // a smaller minibatch weighs less
        assertEquals(List.of(), lines);
        listener.onIteration(new IterationEvent(0, 4, 100, 80.0, 1));
        assertEquals(List.of("epoch 0 iteration 4: -ELBO 80.0000 nats/example, 250 examples/s"), lines);
        clock.addAndGet(2_000_000_000L);
        listener.onIteration(new IterationEvent(0, 9, 500, 70.0, 1));   // a unit of 5 passes 8
        assertEquals("epoch 0 iteration 9: -ELBO 70.0000 nats/example, 250 examples/s", lines.get(1));
    }

    @Test
    void aResumedRunCountsFromItsCheckpointedIteration() {
        LoggingListener listener = new LoggingListener(10, clock::get, lines::add);
        listener.onStart(control(95));
        clock.addAndGet(1_000_000_000L);
        listener.onIteration(new IterationEvent(1, 100, 100, 50.0, 1));
        assertEquals(List.of("epoch 1 iteration 100: -ELBO 50.0000 nats/example, 100 examples/s"), lines);
    }

    @Test
    void everyMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new LoggingListener(0));
    }

    /** A control whose state is at {@code iteration} (a fresh or resumed run's start). */
    private static TrainingControl control(long iteration) {
        TrainerState state = new TrainerState(0, 0, iteration, 0, 0, 0, 0, Double.NaN, 0, 0, List.of());
        return new TrainingControl() {
            @Override
            public org.vae4j.core.model.VaeModel model() {
                return null;
            }

            @Override
            public TrainerState state() {
                return state;
            }

            @Override
            public java.nio.file.Path checkpointDirectory() {
                return null;
            }

            @Override
            public void requestStop(TrainingResult.StopReason reason) {
            }

            @Override
            public void parametersRestoredFromEpoch(int epoch) {
            }
        };
    }
}
