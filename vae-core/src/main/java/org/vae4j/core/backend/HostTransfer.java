package org.vae4j.core.backend;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Copies between Java {@code double[]} and the elements of a contiguous ND4J array, correct on
 * every backend: on {@link ArrayMemory#HOST} through a NIO view of the array's memory (no ND4J
 * call per copy), on {@link ArrayMemory#DEVICE} through ND4J's own API ({@code assign} of an array
 * made from the values, {@code toDoubleVector}), which synchronises the device and host copies.
 */
public final class HostTransfer {

    private HostTransfer() {
    }

    /**
     * target's elements [targetFrom, targetFrom + count) = values[from, from + count), converted to
     * the target's data type.
     *
     * @param target a c-ordered array with element-wise stride 1 (or a view of its first rows)
     */
    public static void write(double[] values, int from, int count, INDArray target, long targetFrom) {
        requireContiguous(target, targetFrom + count);
        if (count == 0) {
            return;
        }
        if (ArrayMemory.current() == ArrayMemory.HOST && target.dataType() == DataType.DOUBLE) {
            DoubleBuffer buffer = HostBuffers.doubles(target, targetFrom + count);
            buffer.put(Math.toIntExact(targetFrom), values, from, count);
        } else if (ArrayMemory.current() == ArrayMemory.HOST && target.dataType() == DataType.FLOAT) {
            FloatBuffer buffer = HostBuffers.floats(target, targetFrom + count);
            int base = Math.toIntExact(targetFrom);
            for (int i = 0; i < count; i++) {
                buffer.put(base + i, (float) values[from + i]);
            }
        } else {
            assignThroughNd4j(Nd4j.createFromArray(Arrays.copyOfRange(values, from, from + count)), target,
                    targetFrom);
        }
    }

    /**
     * target's elements [targetFrom, targetFrom + count) = values[from, from + count), converted to
     * the target's data type: one bulk copy into a FLOAT array in host memory.
     *
     * @param target a c-ordered array with element-wise stride 1 (or a view of its first rows)
     */
    public static void write(float[] values, int from, int count, INDArray target, long targetFrom) {
        requireContiguous(target, targetFrom + count);
        if (count == 0) {
            return;
        }
        if (ArrayMemory.current() == ArrayMemory.HOST && target.dataType() == DataType.FLOAT) {
            HostBuffers.floats(target, targetFrom + count).put(Math.toIntExact(targetFrom), values, from, count);
        } else {
            assignThroughNd4j(Nd4j.createFromArray(Arrays.copyOfRange(values, from, from + count)), target,
                    targetFrom);
        }
    }

    /** Any memory, any type: {@code source} cast and assigned by ND4J at {@code targetFrom} of {@code target}. */
    private static void assignThroughNd4j(INDArray source, INDArray target, long targetFrom) {
        flat(target).get(NDArrayIndex.interval(targetFrom, targetFrom + source.length()))
                .assign(source.castTo(target.dataType()));
    }

    /** out[0, count) = source's elements [0, count), widened to double. */
    public static void read(INDArray source, int count, double[] out) {
        requireContiguous(source, count);
        if (count == 0) {
            return;
        }
        if (ArrayMemory.current() == ArrayMemory.HOST && source.dataType() == DataType.DOUBLE) {
            HostBuffers.doubles(source, count).get(0, out, 0, count);
        } else if (ArrayMemory.current() == ArrayMemory.HOST && source.dataType() == DataType.FLOAT) {
            FloatBuffer buffer = HostBuffers.floats(source, count);
            for (int i = 0; i < count; i++) {
                out[i] = buffer.get(i);
            }
        } else {
            double[] values = flat(source).get(NDArrayIndex.interval(0, count)).toDoubleVector();
            System.arraycopy(values, 0, out, 0, count);
        }
    }

    private static INDArray flat(INDArray array) {
        return array.reshape('c', new long[] {array.length()});
    }

    private static void requireContiguous(INDArray array, long end) {
        boolean contiguous = array.elementWiseStride() == 1 && (array.ordering() == 'c' || array.rank() == 1);
        if (!contiguous || end > array.length()) {
            throw new IllegalArgumentException("HostTransfer needs a contiguous array of at least " + end
                    + " elements, got " + array.shapeInfoToString().replace('\n', ' '));
        }
    }
}
