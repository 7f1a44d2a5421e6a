package org.vae4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads up to a declared number of bytes from a stream whose real length is unknown until it ends
 * (gzip, zlib), growing the array as bytes arrive instead of allocating what a header declares.
 * A header that claims a gigabyte in a file of a few kilobytes then costs a few kilobytes: the
 * allocation is at most about twice what the stream actually held, plus {@value #FIRST_CHUNK}
 * bytes, and never more than twice the declared length.
 *
 * <p>If the stream throws, {@link #filled()} still says how far it got, for the error message.
 */
public final class GrowingBuffer {

    /** First allocation; a full-size MNIST file then takes 10 doublings. */
    static final int FIRST_CHUNK = 1 << 16;

    private final int declared;
    private final java.util.function.LongSupplier availableBytes;
    private byte[] buffer;
    private int filled;

    /** @param declared bytes wanted: reading stops there or at end of stream, whichever is first */
    public GrowingBuffer(int declared) {
        this(declared, org.vae4j.core.HeapBudget::availableBytes);
    }

    /** @param availableBytes the memory the next array may take (the heap's, or a test's) */
    GrowingBuffer(int declared, java.util.function.LongSupplier availableBytes) {
        this.availableBytes = availableBytes;
        if (declared < 0) {
            throw new IllegalArgumentException("declared length must be >= 0, got " + declared);
        }
        this.declared = declared;
        this.buffer = new byte[Math.min(declared, FIRST_CHUNK)];
    }

    /** Reads until {@code declared} bytes are in or the stream ends; returns {@link #complete()}. */
    public boolean fill(InputStream in) throws IOException {
        while (filled < declared) {
            if (filled == buffer.length) {
                // Doubling stops exactly at the declared length, so a complete read needs no copy.
                int next = (int) Math.min(declared, Math.max(FIRST_CHUNK, 2L * buffer.length));
                // The data really is this long (an honest header): refused before the copy, rather than
                // an OutOfMemoryError, while the old and the new array would both be live.
                long available = availableBytes.getAsLong();
                if (next > available) {
                    throw new TooLargeException(filled, declared, available);
                }
                buffer = Arrays.copyOf(buffer, next);
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                return false;
            }
            filled += n;
        }
        return true;
    }

    /** Whether all declared bytes were read. */
    public boolean complete() {
        return filled == declared;
    }

    /** Bytes read so far. */
    public int filled() {
        return filled;
    }

    /** The bytes read: the declared length once {@link #complete()}, else what arrived. */
    public byte[] bytes() {
        return filled == buffer.length ? buffer : Arrays.copyOf(buffer, filled);
    }

    /** The stream holds more than the memory left can take; the message says how much arrived. */
    public static final class TooLargeException extends IOException {
        TooLargeException(int filled, int declared, long available) {
            super(filled + " bytes read of " + declared + " declared, and the rest does not fit in the "
                    + available / (1024 * 1024) + " MiB the JVM can still take");
        }
    }
}
