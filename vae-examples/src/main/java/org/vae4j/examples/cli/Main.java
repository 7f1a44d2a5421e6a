package org.vae4j.examples.cli;

import org.vae4j.core.backend.BackendWarmup;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        System.exit(commandLineFor(args).execute(args));
    }

    /** vae4j's subcommands, in the order {@code vae4j --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(TrainCommand.class, ScoreCommand.class,
            EvalCommand.class, SampleCommand.class, ReconstructCommand.class, ManifoldCommand.class,
            RecipesCommand.class, InfoCommand.class, BenchmarkCommand.class);

    /** The configured command line with every subcommand; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, only that subcommand
     * is built. picocli reads every option of every command it is given by reflection, in a JVM that has
     * compiled nothing yet: the eight commands not run cost 0.15-0.25 s of each start (more while ND4J
     * initialises on the other core). Anything else (no arguments, {@code --help}, a misspelt command)
     * gets all of them.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> command : SUBCOMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(command));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine commandLine = new CommandLine(new Vae4jCommand());
        // Added before the handlers below are set: picocli passes them on to the subcommands it has.
        for (Class<?> subcommand : subcommands) {
            commandLine.addSubcommand(subcommand);
        }
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
