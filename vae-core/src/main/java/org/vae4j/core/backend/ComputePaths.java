package org.vae4j.core.backend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of which implementation each numeric component chose in this process (a fast
 * host-memory path, or DL4J's layer code and ND4J ops) and why. Each distinct choice is logged
 * once at INFO as {@code vae4j path: <component>: <path> (<reason>)}, so a run's log says what
 * computed its numbers; {@link #chosen()} lists them for reports, the GPU check and tests.
 */
public final class ComputePaths {

    private static final Logger LOG = LoggerFactory.getLogger(ComputePaths.class);
    private static final Set<Choice> CHOSEN = new LinkedHashSet<>();

    /**
     * @param component what computes, e.g. "training gradient"
     * @param path      the implementation chosen, e.g. "vae4j fused engine"
     * @param reason    why this one, e.g. "host memory" or the fast path's refusal
     */
    public record Choice(String component, String path, String reason) {
        @Override
        public String toString() {
            return component + ": " + path + " (" + reason + ")";
        }
    }

    private ComputePaths() {
    }

    /** Records (and, the first time, logs) that {@code component} computes with {@code path}. */
    public static void chose(String component, String path, String reason) {
        Choice choice = new Choice(component, path, reason);
        boolean first;
        synchronized (CHOSEN) {
            // Moved to the end when made again, so the last entry per component is the latest.
            first = !CHOSEN.remove(choice);
            CHOSEN.add(choice);
        }
        if (first) {
            LOG.info("vae4j path: {}", choice);
        }
    }

    /** Every distinct choice made so far, in the order of their latest use. */
    public static List<Choice> chosen() {
        synchronized (CHOSEN) {
            return List.copyOf(new ArrayList<>(CHOSEN));
        }
    }

    /** The path most recently chosen for {@code component}, or null if it has not run. */
    public static String pathOf(String component) {
        String path = null;
        for (Choice choice : chosen()) {
            if (choice.component().equals(component)) {
                path = choice.path();
            }
        }
        return path;
    }

    /** Forgets the record (tests; a long-lived process starting an unrelated job). */
    public static void clear() {
        synchronized (CHOSEN) {
            CHOSEN.clear();
        }
    }
}
