package org.vae4j.core.engine;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * While open, ND4J's native ops and its BLAS run on the calling thread only, so that vae4j's
 * threads can each run their own part of a minibatch on one core (see {@link FusedElboGradient});
 * closing restores the previous thread counts. Process-wide: only one such section at a time.
 */
final class SingleThreadedNativeOps implements AutoCloseable {

    private static final Object LOCK = new Object();

    private final int ops;
    private final int blas;

    private SingleThreadedNativeOps() {
        this.ops = Nd4j.getEnvironment().maxThreads();
        this.blas = blasApi().getMaxThreads();
        Nd4j.getEnvironment().setMaxThreads(1);
        blasApi().setMaxThreads(1);
    }

    static SingleThreadedNativeOps enter() {
        synchronized (LOCK) {
            return new SingleThreadedNativeOps();
        }
    }

    private static Blas blasApi() {
        return Nd4j.factory().blas();
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            Nd4j.getEnvironment().setMaxThreads(ops);
            blasApi().setMaxThreads(blas);
        }
    }
}
