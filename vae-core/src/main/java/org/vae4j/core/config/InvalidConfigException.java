package org.vae4j.core.config;

/**
 * A configuration value outside its allowed range. The message names the field, the value given
 * and what is allowed, e.g. {@code VaeConfig.latentSize = 0: must be >= 1}.
 */
public final class InvalidConfigException extends IllegalArgumentException {

    private final String field;
    private final String value;
    private final String allowed;

    public InvalidConfigException(String field, Object value, String allowed) {
        super(field + " = " + value + ": " + allowed);
        this.field = field;
        this.value = String.valueOf(value);
        this.allowed = allowed;
    }

    /** Qualified name of the offending field, e.g. {@code VaeConfig.learningRate}. */
    public String field() {
        return field;
    }

    /** The rejected value as text. */
    public String value() {
        return value;
    }

    /** What would have been accepted. */
    public String allowed() {
        return allowed;
    }
}
