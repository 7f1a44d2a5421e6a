package org.vae4j.core.train;

/** Training produced a NaN or infinite loss or parameter; the last good checkpoint is kept. */
public final class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(String message) {
        super(message);
    }
}
