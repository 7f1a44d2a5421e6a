package org.vae4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Issue 24, rule 1: every failure is one line, JVM errors included; settings from the
 * environment are checked at start-up by every command; sizes are checked before allocating.
 */
class JvmErrorsCliTest {

    @Test
    void badThreadSettingsAreOneLineFromEveryCommandBeforeAnythingIsCreated(@TempDir Path dir) {
        for (String value : new String[] {"abc", "0", "-1", "100000"}) {
            System.setProperty("vae4j.threads", value);
            try {
                String expected = "vae4j: -Dvae4j.threads = '" + value + "': must be a whole number from 1 to 1024";
                CliRunner.Result info = CliRunner.run("info");
                assertEquals(1, info.exitCode(), value);
                assertEquals(expected, info.err().strip());
                CliRunner.Result train = CliRunner.run("train", "--recipe", "smoke", "--runs-dir",
                        dir.resolve("runs").toString());
                assertEquals(expected, train.err().strip());
                assertFalse(Files.exists(dir.resolve("runs")), "no run folder for a bad setting");
            } finally {
                System.clearProperty("vae4j.threads");
            }
        }
    }

    @Test
    void otherPropertiesAreCheckedAtStartUp() {
        for (String[] p : new String[][] {{"vae4j.arrayMemory", "gpu", "-Dvae4j.arrayMemory=gpu: expected host or device"},
                {"vae4j.updater", "fast", "-Dvae4j.updater = 'fast': must be one of [java, native]"},
                {"vae4j.gemm", "ND4J", "-Dvae4j.gemm = 'ND4J': must be one of [direct, nd4j]"},
                {"vae4j.engine.minRowsPerPart", "0x10", "-Dvae4j.engine.minRowsPerPart = '0x10': must be a whole "
                        + "number >= 1"}}) {
            System.setProperty(p[0], p[1]);
            try {
                CliRunner.Result r = CliRunner.run("info");
                assertEquals(1, r.exitCode());
                assertEquals("vae4j: " + p[2], r.err().strip());
            } finally {
                System.clearProperty(p[0]);
            }
        }
    }

    @Test
    void theEnvironmentVariableIsCheckedThroughTheLauncher(@TempDir Path dir) throws Exception {
        // VAE4J_THREADS is read by a static initialiser: only a fresh JVM shows what it does.
        for (String command : new String[] {"info", "train"}) {
            ChildJvm.Result r = ChildJvm.run(dir, Map.of("VAE4J_THREADS", "abc"), List.of("-Xmx256m"),
                    command.equals("info") ? new String[] {"info"}
                            : new String[] {"train", "--recipe", "smoke", "--runs-dir", dir.resolve("runs").toString()});
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("vae4j: VAE4J_THREADS = 'abc': must be a whole number from 1 to 1024", r.err().strip());
            assertFalse(Files.exists(dir.resolve("runs")));
        }
    }

    @Command(name = "fails")
    static final class Fails implements Callable<Integer> {
        final Throwable error;

        Fails(Throwable error) {
            this.error = error;
        }

        @Override
        public Integer call() throws Exception {
            if (error instanceof Error e) {
                throw e;
            }
            throw (Exception) error;
        }
    }

    private static CliRunner.Result runFailing(Throwable error) {
        CommandLine cli = Main.commandLine();
        cli.addSubcommand(new Fails(error));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("fails");
        return new CliRunner.Result(code, out.toString(), err.toString());
    }

    @Test
    void jvmErrorsAreOneLineNamingTheSettingToChange() {
        CliRunner.Result oom = runFailing(new OutOfMemoryError("Java heap space"));
        assertEquals(1, oom.exitCode());
        assertOneLine(oom.err());
        assertTrue(oom.err().contains("VAE4J_JAVA_OPTS=-Xmx"), oom.err());
        CliRunner.Result deep = runFailing(new StackOverflowError());
        assertOneLine(deep.err());
        assertTrue(deep.err().contains("-Xss"), deep.err());
        CliRunner.Result init = runFailing(new ExceptionInInitializerError(new IllegalArgumentException("x = 1: bad")));
        assertEquals("vae4j: x = 1: bad", init.err().strip());
    }

    @Test
    void longMessagesAreCapped() {
        CliRunner.Result r = runFailing(new IllegalArgumentException("cell '" + "9".repeat(200_000) + "' is bad"));
        assertOneLine(r.err());
        assertTrue(r.err().strip().length() <= FailureMessage.MAX_LENGTH, r.err().length() + "");
        assertTrue(r.err().startsWith("vae4j: cell '999") && r.err().strip().endsWith("999' is bad"), r.err());
        assertTrue(r.err().contains(" more characters) ... "), r.err());
    }

    @Test
    void aisStepsAreCheckedBeforeAnythingIsAllocated(@TempDir Path dir) {
        for (String steps : new String[] {"2147483647", "300000000"}) {
            CliRunner.Result r = CliRunner.run("eval", dir.resolve("no-run").toString(), "--estimator", "ais",
                    "--ais-steps", steps, "--ais-chains", "1", "--limit", "1");
            assertEquals(1, r.exitCode(), r.err());
            assertOneLine(r.err());
            assertTrue(r.err().startsWith("vae4j: --ais-steps " + steps + " needs about "), r.err());
            assertTrue(r.err().contains("lower --ais-steps"), r.err());
        }
    }

    @Test
    void layerSizesAreCheckedAgainstTheHeapBeforeARunFolderExists(@TempDir Path dir) {
        CliRunner.Result r = CliRunner.run("train", "--recipe", "smoke", "--set", "latentSize=100000",
                "--runs-dir", dir.resolve("runs").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertOneLine(r.err());
        assertTrue(r.err().startsWith("vae4j: Training 6"), r.err());
        assertTrue(r.err().contains("lower latentSize") && r.err().strip().endsWith("-Xmx..."), r.err());
        assertFalse(Files.exists(dir.resolve("runs")), "no run folder");
    }

    static void assertOneLine(String err) {
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("vae4j: "), err);
    }
}
