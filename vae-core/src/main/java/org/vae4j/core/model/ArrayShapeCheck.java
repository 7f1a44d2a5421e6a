package org.vae4j.core.model;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.shape.options.ArrayOptionsHelper;
import org.nd4j.linalg.api.shape.options.ArrayType;

/**
 * Checks an ND4J shape-information buffer read from an untrusted file against the data it
 * describes, before ND4J builds an array from it. The layout is ND4J's: rank, shape[rank],
 * stride[rank], extras (array type and data type bits), element-wise stride, order ('c' or 'f').
 * Arrays in a model zip are dense (DL4J writes parameters and updater state as flat views), so
 * anything but dense strides is refused: native code indexes with them unchecked.
 */
final class ArrayShapeCheck {

    private static final int MAX_RANK = 32;

    private ArrayShapeCheck() {
    }

    /** What is wrong with {@code info} for {@code length} values of {@code type}, or null if nothing. */
    static String problem(long[] info, long length, DataType type) {
        if (info.length < 4 || info[0] < 0 || info[0] > MAX_RANK || info.length != 2 * info[0] + 4) {
            return "shape information " + Arrays.toString(info) + " is not rank, shape, strides and 3 flags";
        }
        int rank = (int) info[0];
        long[] shape = Arrays.copyOfRange(info, 1, 1 + rank);
        long[] strides = Arrays.copyOfRange(info, 1 + rank, 1 + 2 * rank);
        long extras = info[1 + 2 * rank];
        long elementStride = info[2 + 2 * rank];
        long order = info[3 + 2 * rank];
        long elements = 1;
        for (long size : shape) {
            if (size < 1) {
                return "shape " + Arrays.toString(shape) + " has a size below 1";
            }
            if (elements > Long.MAX_VALUE / size) {
                return "shape " + Arrays.toString(shape) + " has more elements than a long counts";
            }
            elements *= size;
        }
        if (elements != length) {
            return "shape " + Arrays.toString(shape) + " has " + elements + " elements but the data holds " + length;
        }
        if (order != 'c' && order != 'f') {
            return "array order " + order + " is neither 'c' (99) nor 'f' (102)";
        }
        long expected = 1;
        for (int k = 0; k < rank; k++) {
            int dim = order == 'c' ? rank - 1 - k : k;
            // A dimension of size 1 is never stepped along, so ND4J leaves its stride free.
            if (shape[dim] > 1 && strides[dim] != expected) {
                return "strides " + Arrays.toString(strides) + " are not those of a dense " + (char) order
                        + "-order array of shape " + Arrays.toString(shape);
            }
            expected *= shape[dim];
        }
        if (elementStride != 1) {
            return "element-wise stride " + elementStride + " is not 1 (a dense array)";
        }
        DataType declared;
        ArrayType arrayType;
        try {
            declared = ArrayOptionsHelper.dataType(extras);
            arrayType = ArrayOptionsHelper.arrayType(info);
        } catch (RuntimeException e) {
            return "shape flags " + extras + " name no data type";
        }
        if (declared != type || arrayType != ArrayType.DENSE) {
            return "shape flags " + extras + " say a " + arrayType + " " + declared + " array, the data is " + type;
        }
        return null;
    }
}
