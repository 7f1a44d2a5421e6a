package org.vae4j.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A disk with {@code freeBytes} left, for {@link AtomicFiles#useOpener}: writes go to the real
 * file until the space is used up, then fail as Linux reports ENOSPC.
 */
public final class FullDisk implements AtomicFiles.OutputOpener {

    public static final String ENOSPC = "No space left on device";

    private long freeBytes;

    public FullDisk(long freeBytes) {
        this.freeBytes = freeBytes;
    }

    @Override
    public OutputStream open(Path temporary) throws IOException {
        return new FilterOutputStream(Files.newOutputStream(temporary)) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int fits = (int) Math.min(len, freeBytes);
                out.write(b, off, fits);
                freeBytes -= fits;
                if (fits < len) {
                    throw new IOException(ENOSPC);
                }
            }
        };
    }
}
