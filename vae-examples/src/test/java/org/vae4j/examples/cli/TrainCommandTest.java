package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;

import picocli.CommandLine;

class TrainCommandTest {

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Path onlyRun(Path runs) throws IOException {
        try (var dirs = Files.list(runs)) {
            List<Path> all = dirs.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void smokeRunWritesAValidRunFolderAndResumeContinuesIt(@TempDir Path runs) throws IOException {
        Result first = run("train", "--recipe", "smoke", "--epochs", "2", "--runs-dir", runs.toString());
        assertEquals(0, first.exitCode(), first.err());
        Path run = onlyRun(runs);
        assertTrue(first.out().contains("Run folder: " + run.toAbsolutePath()), first.out());

        VaeConfig config = VaeConfig.fromJson(Files.readString(run.resolve("config.json")));
        assertEquals(64, config.inputSize());
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), "header + 2 epochs");
        for (String row : metrics.subList(1, 3)) {
            double validation = Double.parseDouble(row.split(",")[4]);
            assertTrue(validation > 0 && validation < 64 * Math.log(2) + 5, row);
        }
        VaeModel model = VaeModel.load(run.resolve("model.zip"));
        assertEquals(2, model.training().epochs());

        Result resumed = run("train", "--epochs", "4", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(5, Files.readAllLines(run.resolve("metrics.csv")).size(), "epochs 2 and 3 appended");
        assertEquals(4, VaeModel.load(run.resolve("model.zip")).training().epochs());
    }

    @Test
    void unknownRecipeAndBadNumbersFailWithOneClearLine(@TempDir Path runs) {
        Result unknown = run("train", "--recipe", "nope", "--runs-dir", runs.toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("Unknown recipe 'nope'"), unknown.err());
        Result badEpochs = run("train", "--epochs", "zero", "--runs-dir", runs.toString());
        assertEquals(2, badEpochs.exitCode());
        assertTrue(badEpochs.err().contains("--epochs"), badEpochs.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"train", "info"}) {
            Result help = run(command, "--help");
            assertEquals(0, help.exitCode());
            assertTrue(help.out().contains("Usage: vae4j " + command), help.out());
        }
        Result info = run("info");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("CpuBackend"), info.out());
    }
}
