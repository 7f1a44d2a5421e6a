package org.vae4j.core.distribution;

import java.util.LinkedHashMap;
import java.util.Map;
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
