package org.vae4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.vae4j.core.SyntheticData;
import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.backend.HostTransfer;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

/**
 * vae4j's own iterators are read one minibatch ahead on a background thread ({@link MinibatchPrefetch}): the
 * training must be exactly the one made by reading them on the training thread, and a failing iterator must fail
 * the training with its own error.
 */
class MinibatchPrefetchTest {

    private static final INDArray TRAIN = SyntheticData.binaryPrototypes(200, 20, 4, 3, DataType.FLOAT);

    private static VaeModel model() {
        return VaeModel.create(VaeConfig.builder().inputSize(20).encoderLayerSizes(16).latentSize(3)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 0.01).seed(11).build());
    }

    /** TRAIN's rows, 32 at a time, recording the threads that build them; fails at minibatch {@code failAt}. */
    private static final class RecordingIterator extends EpochOrderedIterator {
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        private final int failAt;
        private int built;

        RecordingIterator(int failAt) {
            super(firstIds(TRAIN.rows()), 32, true, 5);
            this.failAt = failAt;
        }

        @Override
        protected DataSet batch(int[] order, int from, int count, int epoch) {
            threads.add(Thread.currentThread().getName());
            if (++built == failAt) {
                throw new IllegalArgumentException("row 7 of minibatch " + failAt + " is not a number");
            }
            return new DataSet(HostTransfer.rows(TRAIN, java.util.Arrays.copyOfRange(order, from, from + count)), null);
        }

        @Override
        public int inputColumns() {
            return 20;
        }

        @Override
        public int totalOutcomes() {
            return 0;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }
    }

    /** Another iterator's view of the same minibatches: not vae4j's, so read on the training thread. */
    private record Foreign(RecordingIterator inner) implements DataSetIterator, EpochAware {
        @Override
        public void startEpoch(int epoch) {
            inner.startEpoch(epoch);
        }

        @Override
        public DataSet next(int num) {
            return inner.next(num);
        }

        @Override
        public int inputColumns() {
            return inner.inputColumns();
        }

        @Override
        public int totalOutcomes() {
            return 0;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return false;
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public int batch() {
            return inner.batch();
        }

        @Override
        public void setPreProcessor(DataSetPreProcessor preProcessor) {
        }

        @Override
        public DataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public List<String> getLabels() {
            return null;
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public DataSet next() {
            return inner.next();
        }
    }

    @Test
    void prefetchedTrainingIsTheTrainingOnTheTrainingThread() {
        assumeTrue(Vae4jThreads.threads() >= 2, "prefetch needs two of vae4j's threads");
        VaeModel prefetched = model();
        RecordingIterator own = new RecordingIterator(-1);
        VaeTrainer.builder(prefetched).epochs(3).build().fit(own);
        VaeModel direct = model();
        RecordingIterator read = new RecordingIterator(-1);
        VaeTrainer.builder(direct).epochs(3).build().fit(new Foreign(read));

        assertEquals(Set.of("vae4j-minibatches"), own.threads, "every minibatch built on the prefetch thread");
        assertEquals(Set.of(Thread.currentThread().getName()), read.threads, "another iterator: the caller's thread");
        assertEquals(direct.layer().params(), prefetched.layer().params());
    }

    @Test
    void aFailingIteratorFailsTheTrainingWithItsOwnError() {
        for (int failAt : new int[] {1, 4, 7, 8}) {   // the first, inside, the last of epoch 0, the first of epoch 1
            RecordingIterator failing = new RecordingIterator(failAt);
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> VaeTrainer.builder(model()).epochs(2).build().fit(failing));
            assertTrue(String.valueOf(e.getMessage()).contains("row 7 of minibatch " + failAt)
                    || String.valueOf(e.getCause()).contains("row 7 of minibatch " + failAt), String.valueOf(e));
        }
    }
}
