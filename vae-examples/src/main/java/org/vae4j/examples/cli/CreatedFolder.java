package org.vae4j.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * An output folder a command creates: when the command fails, the folder goes with everything in
 * it, so a failed {@code eval --out DIR} or {@code train} leaves nothing behind. A folder that
 * existed before the command is never removed.
 */
final class CreatedFolder {

    private CreatedFolder() {
    }

    /** Runs {@code command}; if it fails and {@code folder} did not exist before, removes {@code folder}. */
    static <T> T removedOnFailure(Path folder, Callable<T> command) throws Exception {
        boolean existed = Files.exists(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        try {
            return command.call();
        } catch (Exception | Error e) {
            if (!existed) {
                removeQuietly(folder, e);
            }
            throw e;
        }
    }

    /** Deletes {@code folder} and everything in it; a failure to delete is added to {@code failure}. */
    static void removeQuietly(Path folder, Throwable failure) {
        if (!Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            failure.addSuppressed(e);
        }
    }
}
