package org.vae4j.spark;

import java.io.Serializable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Flattened parameters or updater state as they travel between driver and workers: a primitive
 * array in the model's data type (FLOAT or DOUBLE, the two a VaeConfig allows), values exact. Java
 * serialization writes a primitive array in bulk, where it writes an INDArray value by value
 * through its DataBuffer: on kingma-welling-mnist (1.6 M floats of parameters and Adagrad state
 * per worker and round) serializing WorkerResults as INDArrays was most of a round's time
 * (JFR, 2 workers in local[2]).
 *
 * @param floats  the values of a FLOAT array, or null
 * @param doubles the values of a DOUBLE array, or null
 */
record FlatArray(float[] floats, double[] doubles) implements Serializable {

    private static final long serialVersionUID = 1L;

    FlatArray {
        if ((floats == null) == (doubles == null)) {
            throw new IllegalArgumentException("a FlatArray holds either floats or doubles");
        }
    }

    /** A copy of {@code array}'s values in row-major order, or null for null. */
    static FlatArray of(INDArray array) {
        if (array == null) {
            return null;
        }
        INDArray vector = array.ravel();
        return switch (array.dataType()) {
            case FLOAT -> new FlatArray(vector.toFloatVector(), null);
            case DOUBLE -> new FlatArray(null, vector.toDoubleVector());
            default -> throw new IllegalArgumentException("Parameters of data type " + array.dataType()
                    + ": only FLOAT and DOUBLE models train on Spark");
        };
    }

    /** A new rank-1 INDArray holding the values. */
    INDArray toArray() {
        return floats != null ? Nd4j.createFromArray(floats) : Nd4j.createFromArray(doubles);
    }

    DataType dataType() {
        return floats != null ? DataType.FLOAT : DataType.DOUBLE;
    }
}
