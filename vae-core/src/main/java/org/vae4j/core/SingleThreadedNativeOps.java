package org.vae4j.core;

import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.backend.Gemm;

/**
 * While open, ND4J's native ops, its BLAS and {@link Gemm}'s run on the calling thread only, so that vae4j's
 * threads ({@link Vae4jThreads}) can each run their own part of the work on one core (a
 * minibatch's parts in training, blocks of examples in evaluation); closing restores the previous
 * thread counts. Process-wide: open it around the parallel section, from one thread.
 */
public final class SingleThreadedNativeOps implements AutoCloseable {

    private static final Object LOCK = new Object();

    private final int ops;
    private final int blas;
    private final int directBlas;

    private SingleThreadedNativeOps() {
        this.ops = Nd4j.getEnvironment().maxThreads();
        this.blas = blasApi().getMaxThreads();
        this.directBlas = Gemm.threads();
        Nd4j.getEnvironment().setMaxThreads(1);
        blasApi().setMaxThreads(1);
        Gemm.setThreads(1);
    }

    public static SingleThreadedNativeOps enter() {
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
            Gemm.setThreads(directBlas);
        }
    }
}
