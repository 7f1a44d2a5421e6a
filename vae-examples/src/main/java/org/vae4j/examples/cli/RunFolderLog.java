package org.vae4j.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vae4j.examples.run.RunFolder;
import org.vae4j.examples.run.RunLogging;

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
        Path folder = Files.isDirectory(source) ? source : source.toAbsolutePath().getParent();
        if (folder == null || !Files.isRegularFile(folder.resolve(RunFolder.CONFIG))) {
            return command.call();
        }
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
