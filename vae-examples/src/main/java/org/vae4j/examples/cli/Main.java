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
        commandLine.addSubcommand(new BenchmarkCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // Every failure, expected (bad input, missing data, a full disk) or not, is one line; the
            // trace is in the run's train.log when there is a run, and here on request.
            cmd.getErr().println(cmd.getColorScheme().errorText("vae4j: " + FailureMessage.of(e)));
            if (Boolean.getBoolean("vae4j.stacktrace")) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        commandLine.setParameterExceptionHandler((e, args) -> {
            // picocli would print the whole usage after the message; point at it instead.
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getColorScheme().errorText("vae4j: " + FailureMessage.singleLine(e.getMessage())
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')"));
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }
}
