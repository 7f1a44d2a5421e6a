package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * {@link Main#commandLineFor}: the launcher builds only the subcommand its arguments name, and that
 * command line must behave as the full one for every command, and fall back on the full one otherwise.
 */
class CommandLineForTest {

    private static List<String> names(CommandLine cli) {
        return List.copyOf(cli.getSubcommands().keySet());
    }

    @Test
    void eachSubcommandAloneIsBuiltAsInTheFullCommandLine() {
        CommandLine full = Main.commandLine();
        assertEquals(List.of("train", "score", "eval", "sample", "reconstruct", "manifold", "recipes", "info",
                "benchmark"), names(full), "vae4j --help lists the commands in this order");
        for (String name : names(full)) {
            CommandLine one = Main.commandLineFor(new String[] {name, "--help"});
            assertEquals(List.of(name), names(one));
            assertEquals(full.getSubcommands().get(name).getUsageMessage(),
                    one.getSubcommands().get(name).getUsageMessage(), name + " --help");
            assertEquals(names(full.getSubcommands().get(name)), names(one.getSubcommands().get(name)), name);
        }
    }

    @Test
    void anythingButACommandNameGetsEveryCommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"trian"},
                new String[] {"-V"})) {
            assertEquals(9, names(Main.commandLineFor(args)).size(), String.join(" ", args));
        }
    }

    @Test
    void aMisspeltCommandIsOneLinePointingAtTheCommandList() {
        CommandLine cli = Main.commandLineFor(new String[] {"trian"});
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("trian");
        assertEquals(cli.getCommandSpec().exitCodeOnInvalidInput(), code);
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("'trian'") && message.contains("see 'vae4j --help'"), message);
    }

    @Test
    void aBadOptionOfTheOneCommandIsOneLineNamingIt() {
        CommandLine cli = Main.commandLineFor(new String[] {"info", "--no-such-option"});
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int code = cli.execute("info", "--no-such-option");
        assertEquals(cli.getCommandSpec().exitCodeOnInvalidInput(), code);
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("--no-such-option") && message.contains("vae4j info --help"), message);
    }
}
