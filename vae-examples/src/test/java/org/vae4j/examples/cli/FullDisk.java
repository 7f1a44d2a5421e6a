package org.vae4j.examples.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.vae4j.core.io.AtomicFiles;

/**
 * A disk with {@code freeBytes} left for every atomic write of a command (config, checkpoints,
 * model, reports, plots): writes reach the real files until the space is used up, then fail as
 * Linux reports ENOSPC. The portable stand-in for a tiny file system, which needs root to mount.
 */
final class FullDisk implements AtomicFiles.OutputOpener {

    static final String ENOSPC = "No space left on device";

    private long freeBytes;

    FullDisk(long freeBytes) {
        this.freeBytes = freeBytes;
    }

    @Override
    public synchronized OutputStream open(Path temporary) throws IOException {
        return new FilterOutputStream(Files.newOutputStream(temporary)) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int fits;
                synchronized (FullDisk.this) {
                    fits = (int) Math.min(len, freeBytes);
                    freeBytes -= fits;
                }
                out.write(b, off, fits);
                if (fits < len) {
                    throw new IOException(ENOSPC);
                }
            }
        };
    }
}
