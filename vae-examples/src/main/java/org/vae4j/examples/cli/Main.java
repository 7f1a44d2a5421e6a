package org.vae4j.examples.cli;

import picocli.CommandLine;

/** Entry point of the {@code vae4j} launcher. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Plots are written to files; there is no display on servers and CI.
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Vae4jCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // Expected failures (bad input, missing data, diverged training) print one clear line.
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            cmd.getErr().println(cmd.getColorScheme().errorText("vae4j: " + message));
            if (Boolean.getBoolean("vae4j.stacktrace")) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return commandLine;
    }
}
