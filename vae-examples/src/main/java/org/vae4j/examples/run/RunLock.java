package org.vae4j.examples.run;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one writer of a run folder: {@code train}, {@code train --resume}, {@code eval} and
 * {@code score} hold {@value #FILE} (the holder's PID, host, process start and command) while
 * they write, so two resumes never share a folder, and the start-up sweep of temporary files only
 * ever runs under the lock (it can then never delete a live writer's files).
 *
 * <p>The lock file appears complete or not at all: it is written beside the folder's files and
 * hard-linked into place, which fails atomically when another holder's file is there. A lock
 * whose process is gone (same host, PID not running or running a different process since a
 * different start time) is stale and taken over, and the caller is told so. A lock from another
 * host cannot be checked and is respected.
 */
public final class RunLock implements AutoCloseable {

    /** The lock file in a run folder. */
    public static final String FILE = ".vae4j.lock";

    private static volatile String host;
    private final Path file;
    private final String content;

    private RunLock(Path file, String content) {
        this.file = file;
        this.content = content;
    }

    /**
     * Takes the lock of {@code folder} for {@code command}.
     *
     * @param notice told when a stale lock was taken over
     * @throws IOException one line naming the holder when another live process holds it
     */
    public static RunLock acquire(Path folder, String command, Consumer<String> notice) throws IOException {
        Path file = folder.resolve(FILE);
        String content = describeThisProcess(command);
        for (int attempt = 0; attempt < 5; attempt++) {
            if (tryCreate(file, content)) {
                return new RunLock(file, content);
            }
            String holder;
            try {
                holder = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException released) {
                continue;
            }
            Map<String, String> h = parse(holder);
            String who = "pid " + h.getOrDefault("pid", "?") + " on " + h.getOrDefault("host", "?") + " ("
                    + h.getOrDefault("command", "?") + ", since " + h.getOrDefault("since", "?") + ")";
            if (!isStale(h)) {
                throw new IOException(folder + " is in use by " + who + "; wait for it to finish, or remove " + file
                        + " if that process is gone");
            }
            if (takeOver(file, holder)) {
                notice.accept("took over the stale lock of " + folder + " from " + who + ", which is no longer running");
            }
        }
        throw new IOException("Could not lock " + folder + ": " + file + " keeps changing (another vae4j starting?)");
    }

    private static boolean tryCreate(Path file, String content) throws IOException {
        Path staged = file.resolveSibling(FILE + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        Files.writeString(staged, content, StandardCharsets.UTF_8);
        try {
            Files.createLink(file, staged);
            return true;
        } catch (FileAlreadyExistsException held) {
            return false;
        } catch (UnsupportedOperationException | IOException noLinks) {
            if (noLinks instanceof IOException && Files.exists(file)) {
                return false;
            }
            // A file system without hard links: create-new then write (a reader may see it empty briefly).
            try {
                Files.writeString(file, content, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException held) {
                return false;
            }
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** Moves the stale lock aside (one taker wins the rename), and puts back anything that was not it. */
    private static boolean takeOver(Path file, String stale) throws IOException {
        Path aside = file.resolveSibling(FILE + ".stale." + ProcessHandle.current().pid() + "." + System.nanoTime());
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return false;
        }
        String moved = Files.readString(aside, StandardCharsets.UTF_8);
        if (!moved.equals(stale)) {
            // Another process took the lock over between our read and our move: give it back.
            try {
                Files.createLink(file, aside);
            } catch (IOException | UnsupportedOperationException e) {
                // Nothing better to do; the other holder's release deletes nothing of ours.
            }
            Files.deleteIfExists(aside);
            return false;
        }
        Files.deleteIfExists(aside);
        return true;
    }

    static boolean isStale(Map<String, String> holder) {
        String host = holder.get("host");
        long pid;
        try {
            pid = Long.parseLong(holder.getOrDefault("pid", ""));
        } catch (NumberFormatException e) {
            return false;   // not ours to judge: the user removes it
        }
        if (host == null || !host.equals(hostName())) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        String recorded = holder.get("processStart");
        Optional<Instant> start = process.get().info().startInstant();
        // A recycled PID: the running process started at another time than the holder did.
        return recorded != null && start.isPresent() && !recorded.equals(start.get().toString());
    }

    private static String describeThisProcess(String command) {
        ProcessHandle self = ProcessHandle.current();
        StringBuilder s = new StringBuilder();
        s.append("pid=").append(self.pid()).append('\n');
        s.append("host=").append(hostName()).append('\n');
        self.info().startInstant().ifPresent(t -> s.append("processStart=").append(t).append('\n'));
        s.append("command=").append(command.replaceAll("[\\r\\n]", " ")).append('\n');
        s.append("since=").append(Instant.now()).append('\n');
        return s.toString();
    }

    /** The lines {@code key=value} of a lock file. */
    static Map<String, String> parse(String content) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : content.split("\n", 20)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return m;
    }

    /** This machine's name as the lock records it (looked up once: a lookup can wait on DNS). */
    public static String hostName() {
        String name = host;
        if (name == null) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                name = env != null ? env : "localhost";
            }
            host = name;
        }
        return name;
    }

    /** The content a lock file held by {@code pid} on this host would have (for tests and tools). */
    public static String contentFor(long pid, Optional<Instant> processStart, String command) {
        return "pid=" + pid + "\nhost=" + hostName() + "\n"
                + processStart.map(t -> "processStart=" + t + "\n").orElse("") + "command=" + command + "\nsince="
                + Instant.now() + "\n";
    }

    /** Releases the lock, if the file is still this holder's. */
    @Override
    public void close() throws IOException {
        try {
            if (Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException gone) {
            // Removed by hand: nothing to release.
        }
    }
}
