/**
 * Annealed importance sampling (AIS) and bidirectional Monte Carlo (BDMC) for the marginal
 * likelihood log p(x) of a VAE.
 *
 * <ul>
 *   <li>AIS (Neal 2001): chains from q(z|x) or p(z) through f_t(z) = p_0(z)^(1 - beta_t)
 *       (p(z) p(x|z))^beta_t, log weight sum_t (beta_t - beta_{t-1}) (log p(z) + log p(x|z) - log p_0(z)),
 *       log p(x) ~ log mean over chains of the weights; with the sigmoid schedule, HMC transitions and
 *       per-example step-size adaptation toward 0.65 acceptance of Wu, Burda, Salakhutdinov and
 *       Grosse (2017, "On the quantitative analysis of decoder-based generative models", section 4).
 *       {@link org.vae4j.eval.ais.AnnealedImportanceSampling}.</li>
 *   <li>BDMC (Grosse, Ghahramani and Adams 2015): on data simulated from the model
 *       ({@link org.vae4j.eval.estimate.SimulatedData}), forward AIS is a stochastic lower bound on
 *       log p(x) and reverse AIS started at the exact latent a stochastic upper bound;
 *       {@link org.vae4j.eval.ais.BidirectionalMonteCarlo}.</li>
 * </ul>
 * Both are {@code LogLikelihoodEstimator}s: their results are {@code LogLikelihoodReport}s like
 * importance sampling's, with the sampler's details in {@code AnnealingDetails} or
 * {@code BidirectionalDetails}. All values are in nats, per example.
 */
package org.vae4j.eval.ais;
