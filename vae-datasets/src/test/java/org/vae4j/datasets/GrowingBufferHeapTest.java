package org.vae4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;

/**
 * Issue 24, rule 1: an honest header (the data really is that long) that does not fit the heap is
 * refused before the buffer grows into an OutOfMemoryError.
 */
class GrowingBufferHeapTest {

    @Test
    void dataLongerThanTheMemoryLeftIsRefusedBeforeTheBufferGrows() {
        byte[] data = new byte[1 << 20];
        GrowingBuffer buffer = new GrowingBuffer(data.length, () -> 300_000);
        IOException e = assertThrows(GrowingBuffer.TooLargeException.class,
                () -> buffer.fill(new ByteArrayInputStream(data)));
        assertEquals("262144 bytes read of 1048576 declared, and the rest does not fit in the 0 MiB the JVM can still "
                + "take", e.getMessage());
    }

    @Test
    void dataThatFitsIsReadAsBefore() throws IOException {
        byte[] data = new byte[1 << 20];
        GrowingBuffer buffer = new GrowingBuffer(data.length, () -> 2L << 20);
        assertTrue(buffer.fill(new ByteArrayInputStream(data)));
        assertEquals(data.length, buffer.bytes().length);
    }
}
