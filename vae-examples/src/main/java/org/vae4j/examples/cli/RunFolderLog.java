package org.vae4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vae4j.examples.run.RunFolder;
import org.vae4j.examples.run.RunLock;
import org.vae4j.examples.run.RunLogging;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Logs a command on a run folder (eval, sample, reconstruct, manifold) into the folder's
 * train.log, as train does, so the log covers every invocation on the folder and a failure's
 * stack trace is there while the console gets one line.
 */
final class RunFolderLog {

    private RunFolderLog() {
    }

    /** Runs {@code command}, logging into the run folder of {@code source} (a folder or a model zip in one). */
    static <T> T around(Path source, Callable<T> command) throws Exception {
        Path folder = runFolderOf(source);
        if (folder == null) {
            return command.call();
        }
        return logged(folder, command);
    }

    /**
     * Like {@link #around}, for a command that writes into the run folder (eval, score): it holds
     * the folder's {@link RunLock} while it runs, so it never writes beside a training run.
     */
    static <T> T aroundWriting(Path source, String name, CommandSpec spec, Callable<T> command) throws Exception {
        Path folder = runFolderOf(source);
        if (folder == null) {
            return command.call();
        }
        try (RunLock lock = RunLock.acquire(folder, name, message -> {
            spec.commandLine().getErr().println("vae4j: " + message);
            spec.commandLine().getErr().flush();
        })) {
            return logged(folder, command);
        }
    }

    private static Path runFolderOf(Path source) {
        Path folder = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        return folder == null || !Files.isRegularFile(folder.resolve(RunFolder.CONFIG)) ? null : folder;
    }

    private static <T> T logged(Path folder, Callable<T> command) throws Exception {
        try (RunLogging log = RunLogging.to(folder.resolve(RunFolder.LOG))) {
            try {
                return command.call();
            } catch (Exception | Error e) {
                log.failure(e);
                throw e;
            }
        }
    }
}
