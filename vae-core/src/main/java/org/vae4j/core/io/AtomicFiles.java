package org.vae4j.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files so that readers only ever see a complete old or a complete new version: the
 * content goes to a temporary file beside the target ({@code .<name>.<random>.tmp}), which is
 * renamed over the target when complete and deleted on any failure. A failure names the target and
 * the cause ("No space left on device"). Temporaries of a process that was killed mid-write are
 * removed by {@link #removeTemporaries} when the next run or resume starts.
 */
public final class AtomicFiles {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Our temporaries, and those of the JDK's zip file system that older vae4j versions used. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-z]{1,13}\\.tmp|zipfstmp.*\\.tmp");
    private static final OutputOpener FILES = tmp -> Files.newOutputStream(tmp, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    private static volatile OutputOpener opener = FILES;

    private AtomicFiles() {
    }

    /** Something that fills a file at a given path. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path path) throws IOException;
    }

    /** Something that writes a file's whole content to a stream (which it need not close). */
    @FunctionalInterface
    public interface ContentWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Opens the stream a temporary file is written through. */
    @FunctionalInterface
    public interface OutputOpener {
        OutputStream open(Path temporary) throws IOException;
    }

    /** Undoes {@link #useOpener} when closed. */
    public interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Writes {@code content} to {@code target} atomically through a stream.
     *
     * @throws IOException naming {@code target} and the cause; {@code target} is untouched and no
     *                     temporary file remains
     */
    public static void writeStream(Path target, ContentWriter content) throws IOException {
        Objects.requireNonNull(content, "content");
        publish(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(opener.open(tmp), 1 << 16)) {
                content.write(out);
            }
        });
    }

    /** Writes UTF-8 text to {@code target} atomically. */
    public static void writeString(Path target, String text) throws IOException {
        writeStream(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Runs {@code writer} on a temporary file beside {@code target}, then renames it over
     * {@code target}; on any failure the temporary file is deleted and {@code target} is untouched.
     * For writers that need a path; {@link #writeStream} is preferred (it goes through
     * {@link #useOpener}).
     */
    public static void write(Path target, FileWriter writer) throws IOException {
        publish(target, writer);
    }

    private static void publish(Path target, FileWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
        try {
            Files.createDirectories(dir);
            // Not createTempFile: its 0600 permissions would end up on the published file.
            Files.createFile(tmp);
            writer.write(tmp);
            keepPermissions(target, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new IOException("Could not write " + target + ": " + reason(e), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /**
     * A rewrite keeps the permissions of the file it replaces: a config.json or model.zip someone
     * restricted to 600 stays 600 (a new file gets the process's default, as any created file).
     */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.getPosixFilePermissions(target);
            Files.setPosixFilePermissions(tmp, permissions);
        } catch (java.nio.file.NoSuchFileException | UnsupportedOperationException newOrNotPosix) {
            // A new file, or a file system without POSIX permissions: nothing to keep.
        }
    }

    /**
     * What went wrong, without the path a {@link FileSystemException} repeats: the operating
     * system's reason ("No space left on device", "Permission denied") where there is one.
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            String kind = fs.getClass() == FileSystemException.class ? "" : fs.getClass().getSimpleName()
                    .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
            String why = fs.getReason() != null ? fs.getReason() : kind;
            String where = fs.getFile() != null ? fs.getFile() + ": " : "";
            return where + (why.isEmpty() ? String.valueOf(fs.getMessage()) : why);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Deletes the temporary files a killed writer left in {@code directory} (not in its
     * subfolders). Call only when no other process writes there: a run or resume starting.
     *
     * @return the files deleted
     */
    public static java.util.List<Path> removeTemporaries(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return java.util.List.of();
        }
        java.util.List<Path> removed = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)
                        && Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return removed;
    }

    /**
     * Replaces how temporary files are opened until the result is closed. The seam tests use to
     * simulate a full disk or a failing device in every atomic write of a whole command.
     */
    public static Restore useOpener(OutputOpener replacement) {
        Objects.requireNonNull(replacement, "replacement");
        OutputOpener previous = opener;
        opener = replacement;
        return () -> opener = previous;
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // Already failing or already published; removeTemporaries catches it at the next start.
        }
    }
}
