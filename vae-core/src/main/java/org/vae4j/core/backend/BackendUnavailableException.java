package org.vae4j.core.backend;

/** No ND4J backend could start; the message says what is missing and how to fall back. */
public final class BackendUnavailableException extends IllegalStateException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
