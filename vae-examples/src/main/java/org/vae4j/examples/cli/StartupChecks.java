package org.vae4j.examples.cli;

import java.util.Locale;
import java.util.Set;

import org.vae4j.core.Vae4jThreads;
import org.vae4j.core.backend.ArrayMemory;

/**
 * The settings read from the environment and system properties, checked before any command
 * runs (info included) and before any run folder exists: a bad value is one line naming the
 * setting, never an ExceptionInInitializerError from the class that reads it later.
 */
final class StartupChecks {

    private StartupChecks() {
    }

    static void check() {
        Vae4jThreads.checkSetting();
        String memory = System.getProperty(ArrayMemory.PROPERTY);
        if (memory != null && !memory.isBlank()) {
            ArrayMemory.current();   // parses the property; throws naming it
        }
        // As the readers compare them: FusedUpdater upper-cases (no trim), Gemm tests for "nd4j" exactly,
        // Integer.getInteger silently falls back on anything it cannot decode.
        oneOf("vae4j.updater", Set.of("java", "native"), true);
        oneOf("vae4j.gemm", Set.of("nd4j", "direct"), false);
        String rows = System.getProperty("vae4j.engine.minRowsPerPart");
        if (rows != null && (!rows.matches("\\d{1,9}") || Integer.parseInt(rows) < 1)) {
            throw new IllegalArgumentException("-Dvae4j.engine.minRowsPerPart = '" + rows + "': must be a whole number >= 1");
        }
    }

    private static void oneOf(String property, Set<String> allowed, boolean anyCase) {
        String value = System.getProperty(property);
        if (value != null && !allowed.contains(anyCase ? value.toLowerCase(Locale.ROOT) : value)) {
            throw new IllegalArgumentException("-D" + property + " = '" + value + "': must be one of "
                    + allowed.stream().sorted().toList());
        }
    }
}
