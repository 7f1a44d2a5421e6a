package org.vae4j.datasets;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data file exists but cannot be used: wrong magic number, truncated, corrupt compression,
 * inconsistent with its companion file, or not the file its pinned checksum names. The message
 * always names the file and what was wrong, so a user can delete or re-fetch exactly that file.
 */
public class InvalidDataFileException extends IOException {

    private final transient Path file;

    public InvalidDataFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public InvalidDataFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
