package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.examples.cli.CliRunner.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import picocli.CommandLine;

/** The CLI's commands, help and recipe listing, and its one-line errors (no data needed; see TrainCommandIT). */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void unknownRecipeAndBadNumbersFailWithOneClearLine(@TempDir Path runs) {
        CliRunner.Result unknown = run("train", "--recipe", "nope", "--runs-dir", runs.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown recipe 'nope'"), unknown.err());
        CliRunner.Result badEpochs = run("train", "--epochs", "zero", "--runs-dir", runs.toString());
        assertEquals(2, badEpochs.exitCode());
        assertTrue(badEpochs.err().contains("--epochs"), badEpochs.err());
    }

    /**
     * --help on every command and subcommand of the command line the launcher runs
     * ({@link Main#commandLine}), found by walking its subcommands: a command added later is
     * covered without editing this test.
     */
    @Test
    void everyCommandHasHelp() {
        List<List<String>> commands = new ArrayList<>();
        subcommands(Main.commandLine(), List.of(), commands);
        // The walk must find at least the commands the README documents (else it walked nothing).
        assertTrue(commands.containsAll(List.of(List.of("train"), List.of("score"), List.of("eval"),
                List.of("sample"), List.of("reconstruct"), List.of("manifold"), List.of("recipes"), List.of("info"),
                List.of("benchmark"), List.of("benchmark", "train"), List.of("benchmark", "eval"),
                List.of("benchmark", "export"))), commands.toString());
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            CliRunner.Result help = run(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), command + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: vae4j " + String.join(" ", command) + " "), command + ": " + help.out());
            assertEquals("", help.err(), command.toString());
        }
        CliRunner.Result info = run("info");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("CpuBackend"), info.out());
    }

    /** Each command under {@code cli} once, by its path of names (aliases left out). */
    private static void subcommands(CommandLine cli, List<String> path, List<List<String>> into) {
        Set<CommandLine> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (seen.add(sub)) {
                List<String> named = new ArrayList<>(path);
                named.add(sub.getCommandName());
                into.add(List.copyOf(named));
                subcommands(sub, named, into);
            }
        }
    }

    @Test
    void recipesListsAndDescribes() {
        CliRunner.Result list = run("recipes");
        assertEquals(0, list.exitCode(), list.err());
        for (String name : List.of("smoke", "kingma-welling-mnist", "iwae-vae-mnist", "iwae-mnist", "frey-face",
                "fashion-mnist",
                "mnist-2d", "mnist-anomaly")) {
            assertTrue(list.out().contains(name), name + " listed: " + list.out());
        }
        CliRunner.Result iwae = run("recipes", "iwae-vae-mnist");
        assertEquals(0, iwae.exitCode(), iwae.err());
        assertTrue(iwae.out().contains("86.76"), iwae.out());
        assertTrue(iwae.out().contains("\"epochs\" : 3280"), iwae.out());
    }
}
