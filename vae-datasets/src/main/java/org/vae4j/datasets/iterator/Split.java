package org.vae4j.datasets.iterator;

import java.util.Locale;

/** Which part of a dataset an iterator serves. */
public enum Split {
    TRAIN, VALIDATION, TEST;

    /** Lower-case name used in {@link org.vae4j.core.provenance.DataDescription#split()}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
