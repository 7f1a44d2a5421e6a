package org.vae4j.core.distribution;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.backend.ArrayMemory;
import org.vae4j.core.backend.HostTransfer;

/**
 * A matrix's values row-major in one {@code double[]}, read with one ND4J call. ND4J's
 * {@code toDoubleMatrix} reads row by row, an ND4J call per row: that made the evaluation of every
 * non-Bernoulli likelihood about 100x slower than its arithmetic (issue 21). ND4J's API
 * synchronises device memory, so this is correct on every backend.
 */
record RowMajor(double[] values, int rows, int columns) {

    static RowMajor of(INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("expected a [rows, columns] matrix, got shape "
                    + Arrays.toString(matrix.shape()));
        }
        int rows = (int) matrix.rows();
        int columns = (int) matrix.columns();
        boolean contiguous = matrix.ordering() == 'c' && matrix.elementWiseStride() == 1
                && (matrix.dataType() == DataType.FLOAT || matrix.dataType() == DataType.DOUBLE);
        if (contiguous && ArrayMemory.current() == ArrayMemory.HOST) {
            // One bulk copy from host memory: data().asDouble() reads through a bounds-checked
            // indexer per element, and castTo/dup are two more passes with allocations.
            double[] values = new double[rows * columns];
            HostTransfer.read(matrix, values.length, values);
            return new RowMajor(values, rows, columns);
        }
        INDArray c = matrix.dataType() == DataType.DOUBLE && matrix.ordering() == 'c' && !matrix.isView()
                ? matrix : matrix.castTo(DataType.DOUBLE).dup('c');
        return new RowMajor(c.data().asDouble(), rows, columns);
    }

    /** The same values as {@code double[rows][columns]}, copied in Java. */
    double[][] toMatrix() {
        double[][] matrix = new double[rows][];
        for (int r = 0; r < rows; r++) {
            matrix[r] = Arrays.copyOfRange(values, r * columns, (r + 1) * columns);
        }
        return matrix;
    }
}
