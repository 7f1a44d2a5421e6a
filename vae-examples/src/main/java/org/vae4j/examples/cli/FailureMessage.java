package org.vae4j.examples.cli;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.ArrayList;
import java.util.List;

import org.vae4j.core.io.AtomicFiles;

/**
 * The one line a failed command prints: the failure's own message, followed by each cause that
 * adds something (so "Could not write checkpoint in runs/x/checkpoints" goes on with the file and
 * "No space left on device"), on one line however the messages were written. The stack trace
 * goes to the run's train.log, or to stderr with {@code -Dvae4j.stacktrace=true}.
 */
final class FailureMessage {

    /**
     * The longest line printed: a 200,000-character cell must not become a 200,000-character error,
     * but a missing data file's line (what is needed, where it was looked for, which setting moves
     * it) legitimately runs to 400-600 characters with long paths; cut beyond that.
     */
    static final int MAX_LENGTH = 1000;
    private static final long MAX_HEAP_MIB = Runtime.getRuntime().maxMemory() / (1024 * 1024);

    private FailureMessage() {
    }

    /**
     * {@code line} cut to {@code max} characters in the middle, saying how much was left out: the
     * start names the file or option, the end the cause and the setting to change.
     */
    static String capped(String line, int max) {
        if (line.length() <= max) {
            return line;
        }
        int end = max / 4;
        String gap = " ... (" + (line.length() - max) + " more characters) ... ";
        int start = Math.max(0, max - end - gap.length());
        return line.substring(0, start) + gap + line.substring(line.length() - (max - start - gap.length()));
    }

    static String of(Throwable failure) {
        List<String> parts = new ArrayList<>();
        String line = "";
        for (Throwable t = failure; t != null && parts.size() < 8; t = t.getCause() == t ? null : t.getCause()) {
            String part = describe(t);
            if (part.isEmpty() || line.contains(part)) {
                continue;
            }
            if (!line.isEmpty() && part.contains(line)) {
                // A cause that repeats the message so far and adds to it (AtomicFiles' own wrapping).
                parts.clear();
            }
            parts.add(part);
            line = String.join(": ", parts);
        }
        return line.isEmpty() ? failure.getClass().getName() : line;
    }

    /** One throwable's contribution, single-lined; wrappers that only repeat their cause add nothing. */
    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + t.getMessage() + "): a size is too large for this JVM (" + MAX_HEAP_MIB
                    + " MiB); lower batchSize, the layer or latent sizes, -k or --ais-steps, or give the JVM more "
                    + "with VAE4J_JAVA_OPTS=-Xmx...";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow: an input nested too deeply (a JSON or YAML file?), or give the JVM a larger "
                    + "stack with VAE4J_JAVA_OPTS=-Xss...";
        }
        if (t instanceof ExceptionInInitializerError init && init.getCause() != null) {
            return "";   // the cause says what was wrong
        }
        if (t instanceof NoClassDefFoundError && t.getMessage() != null && t.getMessage().startsWith("Could not initialize")) {
            return singleLine(t.getMessage()) + " (an earlier failure set it up wrongly; rerun with "
                    + "-Dvae4j.stacktrace=true)";
        }
        if (t instanceof FileSystemException fs) {
            return AtomicFiles.reason(fs);
        }
        String message = t.getMessage();
        if (message != null && !(t.getCause() != null && message.equals(t.getCause().toString()))) {
            return singleLine(message);
        }
        if (t instanceof EOFException) {
            return "unexpected end of file";
        }
        if (t.getCause() != null) {
            return "";
        }
        // No message at all: a bug rather than bad input; the trace says where.
        return t.getClass().getSimpleName() + " (rerun with -Dvae4j.stacktrace=true for the trace)";
    }

    /** Lines joined: "looked at:" runs into the next line, others are separated by "; ". */
    static String singleLine(String message) {
        StringBuilder s = new StringBuilder();
        for (String line : message.strip().split("\\R")) {
            String part = line.strip();
            if (part.isEmpty()) {
                continue;
            }
            if (!s.isEmpty()) {
                s.append(s.charAt(s.length() - 1) == ':' ? " " : "; ");
            }
            s.append(part);
        }
        return s.toString();
    }
}
