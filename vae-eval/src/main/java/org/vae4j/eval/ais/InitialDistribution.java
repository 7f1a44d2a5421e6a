package org.vae4j.eval.ais;

/** Where annealed importance sampling starts its chains (the distribution p_0 it anneals from). */
public enum InitialDistribution {

    /**
     * The encoder's q(z|x): close to the posterior for a well-trained model, so fewer steps are
     * needed (Wu et al. 2017 anneal from the prior; starting from q is their suggested variant).
     */
    POSTERIOR("q"),
    /** The prior p(z) = N(0, I): needs no encoder, so it also evaluates a model with a poor one. */
    PRIOR("prior");

    private final String shortName;

    InitialDistribution(String shortName) {
        this.shortName = shortName;
    }

    /** {@code q} or {@code prior}: the name on the command line and in reports. */
    public String shortName() {
        return shortName;
    }

    /** The distribution named {@code q} or {@code prior}. */
    public static InitialDistribution parse(String name) {
        for (InitialDistribution d : values()) {
            if (d.shortName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("Initial distribution must be q or prior, got " + name);
    }
}
