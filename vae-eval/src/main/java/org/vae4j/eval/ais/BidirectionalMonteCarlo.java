package org.vae4j.eval.ais;

import java.util.Objects;

import org.vae4j.core.model.VaeModel;
import org.vae4j.eval.estimate.BidirectionalDetails;
import org.vae4j.eval.estimate.ChunkPlan;
import org.vae4j.eval.estimate.EvaluationData;
import org.vae4j.eval.estimate.LogLikelihoodEstimator;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.SimulatedData;

/**
 * Bidirectional Monte Carlo (Grosse, Ghahramani and Adams 2015) on data simulated from the model:
 * forward AIS gives a stochastic lower bound on each log p(x) (the report's log-likelihood) and
 * reverse AIS, started at the exact latent that generated x and run with the forward run's step
 * sizes, a stochastic upper bound ({@link BidirectionalDetails#upperBoundNats()}). The true value lies
 * between them in expectation, and their gap bounds the error of the forward estimate on data like
 * this. Only {@link SimulatedData} has the exact latents; other data are refused.
 *
 * <pre>{@code
 * AnnealedImportanceSampling ais = AnnealedImportanceSampling.builder(model).steps(1000).build();
 * LogLikelihoodReport report = new BidirectionalMonteCarlo(ais).evaluate(SimulatedData.sample(model, 100, 1));
 * }</pre>
 */
public final class BidirectionalMonteCarlo implements LogLikelihoodEstimator {

    private final AnnealedImportanceSampling forward;

    /** BDMC with {@code forward}'s settings for both directions. */
    public BidirectionalMonteCarlo(AnnealedImportanceSampling forward) {
        this.forward = Objects.requireNonNull(forward, "forward");
        if (forward.model().config().isConditional()) {
            // Simulated data need a draw of c too, and a conditional VAE has no model of c.
            throw new IllegalArgumentException("BDMC does not take a conditional VAE (conditionSize = "
                    + forward.model().config().conditionSize() + "): it simulates data from the model, which has no "
                    + "distribution of c; estimate log p(x|c) by AIS or importance sampling");
        }
    }

    @Override
    public VaeModel model() {
        return forward.model();
    }

    @Override
    public ChunkPlan plan() {
        return forward.plan();
    }

    @Override
    public LogLikelihoodReport evaluate(EvaluationData data) {
        if (!(data instanceof SimulatedData simulated)) {
            throw new IllegalArgumentException("BDMC needs data simulated from the model (SimulatedData.sample): reverse "
                    + "AIS starts at the latent that generated each example, which observed data do not have");
        }
        int latentSize = model().config().latentSize();
        if (simulated.latent().length != simulated.features().rows() * latentSize) {
            throw new IllegalArgumentException("SimulatedData has " + simulated.latent().length / simulated.features().rows()
                    + " latent values per example; the model's latentSize is " + latentSize);
        }
        return forward.run(data, simulated.latent());
    }
}
