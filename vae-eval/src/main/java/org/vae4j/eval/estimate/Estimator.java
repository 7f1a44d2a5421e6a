package org.vae4j.eval.estimate;

/** Which estimator produced a {@link LogLikelihoodReport}; written to the report's JSON as {@link #jsonName()}. */
public enum Estimator {

    /** Importance sampling with q(z|x) as proposal ({@link ImportanceSampledLikelihood}). */
    IMPORTANCE_SAMPLING("importance-sampling"),
    /** Annealed importance sampling with HMC transitions ({@code org.vae4j.eval.ais.AnnealedImportanceSampling}). */
    AIS("ais"),
    /**
     * Bidirectional Monte Carlo on data simulated from the model: forward AIS (a stochastic lower
     * bound, the report's log-likelihood) and reverse AIS from the exact latent (an upper bound).
     */
    BDMC("bdmc");

    private final String jsonName;

    Estimator(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
