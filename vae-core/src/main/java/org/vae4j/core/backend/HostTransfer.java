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

    /**
     * A new [rows.length, columns] array holding rows {@code rows} of {@code matrix}, in that order: a
     * minibatch of an in-memory data set. On {@link ArrayMemory#HOST}, for a c-ordered FLOAT or DOUBLE
     * matrix, one bulk copy per row (45-60 us for 128 MNIST rows, against 140-180 for
     * {@code Nd4j.pullRows}, which builds shape information for every call); otherwise
     * {@code Nd4j.pullRows}.
     *
     * @param rows row indices, each in [0, matrix.rows())
     * @throws IndexOutOfBoundsException for a row outside the matrix, on every path
     */
    public static INDArray rows(INDArray matrix, int[] rows) {
        long examples = matrix.rows();
        for (int row : rows) {
            if (row < 0 || row >= examples) {
                throw new IndexOutOfBoundsException("row " + row + " of a matrix of " + examples + " rows");
            }
        }
        long columns = matrix.columns();
        boolean flat = matrix.rank() == 2 && matrix.ordering() == 'c' && matrix.stride(1) == 1
                && matrix.stride(0) == columns && matrix.length() <= Integer.MAX_VALUE;
        DataType type = matrix.dataType();
        if (ArrayMemory.current() != ArrayMemory.HOST || !flat || (type != DataType.FLOAT && type != DataType.DOUBLE)) {
            return Nd4j.pullRows(matrix, 1, rows);
        }
        int width = (int) columns;
        INDArray out = Nd4j.createUninitialized(type, rows.length, width);
        if (type == DataType.FLOAT) {
            FloatBuffer from = HostBuffers.floats(matrix, matrix.length());
            FloatBuffer to = HostBuffers.floats(out, out.length());
            for (int r = 0; r < rows.length; r++) {
                to.put(r * width, from, rows[r] * width, width);
            }
        } else {
            DoubleBuffer from = HostBuffers.doubles(matrix, matrix.length());
            DoubleBuffer to = HostBuffers.doubles(out, out.length());
            for (int r = 0; r < rows.length; r++) {
                to.put(r * width, from, rows[r] * width, width);
            }
        }
        return out;
    }

    private static void requireContiguous(INDArray array, long end) {
        boolean contiguous = array.elementWiseStride() == 1 && (array.ordering() == 'c' || array.rank() == 1);
        if (!contiguous || end > array.length()) {
            throw new IllegalArgumentException("HostTransfer needs a contiguous array of at least " + end
                    + " elements, got " + array.shapeInfoToString().replace('\n', ' '));
        }
    }
}
