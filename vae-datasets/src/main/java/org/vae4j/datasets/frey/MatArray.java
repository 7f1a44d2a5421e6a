package org.vae4j.datasets.frey;

import java.util.Arrays;

/**
 * One variable of a MAT-file as {@link MatFileReader} found it.
 *
 * @param name       the variable name
 * @param className  MATLAB class ({@code uint8}, {@code double}, {@code struct}, ...)
 * @param complex    whether it has an imaginary part
 * @param logical    whether it is a MATLAB logical array
 * @param dimensions its size, MATLAB order (rows first)
 * @param uint8Data  the values in column-major order for a real, non-logical uint8 array; else null
 *                   (the reader does not load data it cannot return)
 */
record MatArray(String name, String className, boolean complex, boolean logical, int[] dimensions, byte[] uint8Data) {

    /** {@code "uint8"}, {@code "complex double"}, {@code "logical"}: what a message calls its type. */
    String describeType() {
        return logical ? "logical" : complex ? "complex " + className : className;
    }

    String describeDimensions() {
        return Arrays.toString(dimensions);
    }
}
