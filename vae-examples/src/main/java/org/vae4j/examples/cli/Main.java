package org.vae4j.examples.cli;

import org.vae4j.core.backend.BackendWarmup;

import picocli.CommandLine;

/** Entry point of the {@code vae4j} launcher. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Plots are written to files; there is no display on servers and CI.
        System.setProperty("java.awt.headless", "true");
        if (!helpOrVersionOnly(args)) {
            // ND4J's ~0.4 s of native loading overlaps the command's own start (options, data files).
            BackendWarmup.start();
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Vae4jCommand());
        commandLine.setExecutionStrategy(parseResult -> {
            try {
                if (!helpRequested(parseResult)) {
                    try {
                        StartupChecks.check();
                    } catch (IllegalArgumentException e) {
                        throw new CommandLine.ExecutionException(commandLine, e.getMessage(), e);
                    }
                }
                return new CommandLine.RunLast().execute(parseResult);
            } catch (Error e) {
                // picocli passes JVM errors through; they are failures like any other: one line.
                return report(e, commandLine);
            } finally {
                org.vae4j.examples.run.CtrlC.commandFinished();
            }
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> report(e, cmd));
        commandLine.setParameterExceptionHandler((e, args) -> {

            // picocli would print the whole usage after the message; point at it instead.
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println(cmd.getColorScheme().errorText(FailureMessage.capped("vae4j: " + FailureMessage.singleLine(e.getMessage())
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')", FailureMessage.MAX_LENGTH)));
            cmd.getErr().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    /**
     * Every failure, expected (bad input, missing data, a full disk) or not, JVM errors included,
     * is one line; the trace is in the run's train.log when there is a run, and here on request.
     */
    private static int report(Throwable e, CommandLine cmd) {
        cmd.getErr().println(cmd.getColorScheme().errorText(FailureMessage.capped("vae4j: " + FailureMessage.of(e),
                FailureMessage.MAX_LENGTH)));
        if (Boolean.getBoolean("vae4j.stacktrace")) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }

    /** Whether the arguments only ask for help or the version, which need no ND4J. */
    private static boolean helpOrVersionOnly(String[] args) {
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version")
                    || arg.equals("help")) {
                return true;
            }
        }
        return args.length == 0;
    }

    private static boolean helpRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
                return true;
            }
        }
        return false;
    }
}
