package org.vae4j.datasets.tabular;

/** What to do with a row that has a blank, NaN, infinite, non-numeric or unknown-category value. */
public enum BadRowPolicy {
    /** Fail on the first bad row, naming row and column (default: silent data loss is worse). */
    REJECT,
    /** Skip bad rows and log how many were dropped, with the first reason. */
    DROP
}
