package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.examples.recipes.DataRecipe;

/** Issue 24, rule 4: files and cells from someone else are read defensively, and written back safely. */
class UntrustedInputCliTest {

    @TempDir
    static Path shared;
    static Path run;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainASmallRun() throws IOException {
        run = SmallRun.train(shared);
    }

    @Test
    void exportDataRefusesAnExistingFileUnlessForced() throws IOException {
        Path folder = OptionsMeanWhatTheySayCliTest.copyOf(run, dir);
        Path existing = Files.writeString(dir.resolve("mine.csv"), "my own data\n");
        CliRunner.Result r = CliRunner.run("eval", folder.toString(), "-k", "2", "--export-data", existing.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("exists; give --force to overwrite it"), r.err());
        assertEquals("my own data\n", Files.readString(existing));
        r = CliRunner.run("eval", folder.toString(), "-k", "2", "--export-data", existing.toString(), "--force",
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertFalse(Files.readString(existing).startsWith("my own data"));
    }

    /** The fields of one CSV line, RFC 4180 quoting. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                f.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void scoresCsvNeutralisesFormulasAndItsQuotingRoundTrips() throws IOException {
        String[] ids = {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "say \"hi\", ok"};
        StringBuilder csv = new StringBuilder(SmallRun.HEADER + "\n");
        for (String id : ids) {
            csv.append('"').append(id.replace("\"", "\"\"")).append('"').append(",5,5,5,5\n");
        }
        Path data = Files.writeString(dir.resolve("new.csv"), csv.toString());
        Path folder = OptionsMeanWhatTheySayCliTest.copyOf(run, dir);
        CliRunner.Result r = CliRunner.run("score", folder.toString(), "--data", data.toString(), "-k", "5",
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(folder.resolve("score-new").resolve(ScoreCommand.CSV));
        List<String> written = lines.subList(1, lines.size()).stream().map(l -> fields(l).get(2)).sorted().toList();
        List<String> expected = new ArrayList<>();
        for (String id : ids) {
            expected.add("=+-@".indexOf(id.charAt(0)) >= 0 ? "'" + id : id);
        }
        assertEquals(expected.stream().sorted().toList(), written, String.join("\n", lines));
    }

    @Test
    void nonUtf8InputIsNamedWithFileLineAndColumn() throws IOException {
        byte[] bytes = (SmallRun.HEADER + "\nr1,1,2,3,4\nr2,1,2,3,4x\n").getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xFF;   // the x: line 3, column 10
        Path csv = Files.write(dir.resolve("latin.csv"), bytes);
        CliRunner.Result r = CliRunner.run("train", "--data", csv.toString(), "--runs-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("vae4j: " + csv + ": not UTF-8 text: line 3, column 11 has byte 0xFF; save the file as UTF-8",
                r.err().strip());
        Path yaml = Files.write(dir.resolve("run.yaml"), new byte[] {'e', 'p', 'o', 'c', 'h', 's', ':', ' ', (byte) 0xE9});
        r = CliRunner.run("train", "--recipe", "smoke", "--config", yaml.toString(), "--runs-dir",
                dir.resolve("runs").toString());
        assertEquals("vae4j: " + yaml + ": not UTF-8 text: line 1, column 9 has byte 0xE9; save the file as UTF-8",
                r.err().strip());
        assertFalse(Files.exists(dir.resolve("runs")));
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        Path folder = OptionsMeanWhatTheySayCliTest.copyOf(run, dir);
        byte[] text = SmallRun.csv(20, 7).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[text.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bom, 3, text.length);
        Path data = Files.write(dir.resolve("excel.csv"), bom);
        CliRunner.Result r = CliRunner.run("score", folder.toString(), "--data", data.toString(), "-k", "5",
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readAllLines(folder.resolve("score-excel").resolve(ScoreCommand.CSV)).get(1).contains(",r"));
    }

    @Test
    void aDataPathInARunFolderIsRelativeAndChecksumVerifiedBeforeItsContentIsShown() throws IOException {
        Path folder = OptionsMeanWhatTheySayCliTest.copyOf(run, dir);
        Path secret = Files.writeString(dir.resolve("secret.txt"), "root:SECRET-HASH:19000:0:99999:7:::\n");
        Path source = folder.resolve(DataRecipe.SOURCE);
        String json = Files.readString(source);
        String[][] commands = {{"score", folder.toString(), "--data", shared.resolve("readings.csv").toString()},
                {"train", "--resume", folder.toString()}, {"eval", folder.toString(), "-k", "2"}};
        // An absolute path is refused as such, whatever it names.
        Files.writeString(source, json.replaceFirst("\"path\" : \"[^\"]*\"", "\"path\" : \"" + secret + "\""));
        for (String[] args : commands) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(1, r.exitCode(), r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
            assertTrue(r.err().contains(source + ": path '" + secret + "' is absolute; a run folder names its data "
                    + "relative to itself"), r.err());
        }
        // A relative path that climbs out to another file is read only after its SHA-256 matches.
        Files.writeString(source, json.replaceFirst("\"path\" : \"[^\"]*\"", "\"path\" : \"../../secret.txt\""));
        for (String[] args : commands) {
            CliRunner.Result r = CliRunner.run(args);
            assertEquals(1, r.exitCode(), r.err());
            JvmErrorsCliTest.assertOneLine(r.err());
            assertFalse(r.err().contains("SECRET") || r.err().contains("root:"), r.err());
            assertTrue(r.err().contains(secret + " is not the file the run in "), r.err());
        }
        byte[] unchanged = Files.readAllBytes(secret);
        assertArrayEquals("root:SECRET-HASH:19000:0:99999:7:::\n".getBytes(StandardCharsets.UTF_8), unchanged);
    }

    @Test
    void aDeviceIsNotCalledMissing() {
        CliRunner.Result r = CliRunner.run("train", "--data", "/dev/zero", "--runs-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals("vae4j: /dev/zero: not a regular file (a device or pipe); --data takes a CSV file", r.err().strip());
    }
}
