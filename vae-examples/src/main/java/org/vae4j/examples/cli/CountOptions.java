package org.vae4j.examples.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of count options (-k, -n, --side, --limit, --epochs), failing like a malformed
 * value does in picocli (exit code 2, the option, the value, the allowed range) before anything
 * is read or written. Zero and negative counts used to run anyway, with a silent default.
 */
final class CountOptions {

    private CountOptions() {
    }

    static int require(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(spec, option, String.valueOf(value),
                    max == Integer.MAX_VALUE ? "must be >= " + min : "must be " + min + " to " + max);
        }
        return value;
    }

    static Integer requireIfGiven(CommandSpec spec, String option, Integer value, int min, int max) {
        return value == null ? null : require(spec, option, value, min, max);
    }

    static ParameterException invalid(CommandSpec spec, String option, String value, String expected) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + value
                + " (" + expected + ")");
    }
}
