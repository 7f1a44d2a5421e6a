package org.vae4j.core.backend;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NIO views of an ND4J array's host memory from its first element, a view's offset included
 * ({@code data().addressPointer()} points there; {@code data().asNioFloat()} of a view's buffer
 * does not say whether it does). Only for {@link ArrayMemory#HOST}, and only while the array's
 * buffer is alive; callers check both.
 */
public final class HostBuffers {

    private HostBuffers() {
    }

    /** {@code length} floats of {@code array}'s memory. */
    public static FloatBuffer floats(INDArray array, long length) {
        FloatPointer pointer = new FloatPointer(array.data().addressPointer());
        return pointer.capacity(length).limit(length).asBuffer();
    }

    /** {@code length} doubles of {@code array}'s memory. */
    public static DoubleBuffer doubles(INDArray array, long length) {
        DoublePointer pointer = new DoublePointer(array.data().addressPointer());
        return pointer.capacity(length).limit(length).asBuffer();
    }
}
