package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A location-scale density on the real line with a learned per-value scale: two pre-output blocks
 * for D data columns, columns [0,D) the location mu (identity link, also the mean) and columns
 * [D,2D) {@code r} with scale = softplus(r) + minScale. The floor keeps the density finite when a
 * value is reconstructed exactly; softplus grows only linearly, so the scale neither clamps nor
 * overflows. Subclasses give the density.
 */
public abstract class LearnedScaleReconstructionDistribution extends ElementwiseReconstructionDistribution {

    @JsonProperty("minScale")
    private final double minScale;

    /** @param minScale floor added to softplus(r) for the scale; must be > 0 and finite */
    protected LearnedScaleReconstructionDistribution(double minScale) {
        this.minScale = requirePositiveFinite("minScale", minScale);
    }

    public double getMinScale() {
        return minScale;
    }

    /** The scale of one value from its pre-output {@code p = {mu, r}}. */
    protected final double scale(double[] p) {
        return StableMath.softplusScale(p[1], minScale);
    }

    /**
     * -log p of one value from its location, scale and log-scale: each subclass's density, written
     * once, for the value-by-value path ({@link #negLogDensity(double, double[])}) and the bulk one
     * ({@link #perExampleNegLogDensity}) alike.
     */
    protected abstract double negLogDensity(double x, double location, double scale, double logScale);

    @Override
    protected final double negLogDensity(double x, double[] p) {
        double scale = scale(p);
        return negLogDensity(x, p[0], scale, Math.log(scale));
    }

    /**
     * Every row's -log p at once: the scales softplus(r) + minScale and their logarithms for the whole
     * pre-output by native ND4J passes (stable softplus: max(r, 0) + log1p(exp(-|r|))), then one
     * cheap Java loop of the subclass's formula. Value by value, the two logarithms and the
     * exponential per value were nearly all of a Gaussian model's evaluation time (JFR: 95% of an
     * importance-sampling run of the tabular benchmark). Computed in the pre-output's data type
     * (FLOAT: to float precision), summed in double.
     */
    @Override
    double[] perExampleNegLogDensity(INDArray x, INDArray preOut) {
        RowMajor data = RowMajor.of(x);
        RowMajor params = checkedParams(data, preOut);
        int dataSize = data.columns();
        INDArray r = preOut.get(NDArrayIndex.all(), NDArrayIndex.interval(dataSize, 2L * dataSize));
        INDArray scaleArray = Nd4j.createUninitialized(preOut.dataType(), r.rows(), r.columns());
        LogitBernoulliKernel.expNegativeAbs(r, scaleArray);
        Nd4j.exec(new Log1p(scaleArray, scaleArray));
        scaleArray.addi(Transforms.max(r, 0.0, true)).addi(minScale);
        RowMajor scales = RowMajor.of(scaleArray);
        RowMajor logScales = RowMajor.of(Transforms.log(scaleArray, false));
        double[] result = new double[data.rows()];
        for (int row = 0; row < data.rows(); row++) {
            double sum = 0;
            int paramRow = row * params.columns();
            int valueRow = row * dataSize;
            for (int col = 0; col < dataSize; col++) {
                sum += negLogDensity(checkSupport(data.values()[valueRow + col], row, col),
                        params.values()[paramRow + col], scales.values()[valueRow + col],
                        logScales.values()[valueRow + col]);
            }
            result[row] = sum;
        }
        return result;
    }

    @Override
    protected final int parametersPerValue() {
        return 2;
    }

    @Override
    protected final double mean(double[] p) {
        return p[0];
    }

    @Override
    protected final double checkSupport(double x, int row, int column) {
        if (Double.isFinite(x)) {
            return x;
        }
        throw outOfSupport(x, row, column, "a finite value");
    }

    @Override
    protected final Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("minScale", minScale);
        return m;
    }
}
