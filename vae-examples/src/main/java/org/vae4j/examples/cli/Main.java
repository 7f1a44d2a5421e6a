package org.vae4j.examples.cli;

import picocli.CommandLine;

/** Entry point of the {@code vae4j} launcher. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Vae4jCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // Expected failures (bad input, missing data, diverged training) print one clear line.
            cmd.getErr().println(cmd.getColorScheme().errorText("vae4j: " + e.getMessage()));
            if (Boolean.getBoolean("vae4j.stacktrace")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine;
    }
}
