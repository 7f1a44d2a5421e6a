/**
 * Monte Carlo estimates of the marginal likelihood log p(x) of a VAE and the bounds papers report.
 *
 * <ul>
 *   <li>Importance sampling with the encoder as proposal (Rezende, Mohamed and Wierstra 2014,
 *       appendix E; Burda, Grosse and Salakhutdinov 2015, eq. 8 with k samples):
 *       log p(x) ~ logsumexp_k(log p(x|z_k) + log p(z_k) - log q(z_k|x)) - log k, z_k ~ q(z|x).</li>
 *   <li>The ELBO (Kingma and Welling 2013, eq. 10, analytic KL) and the IWAE-k bounds
 *       (Burda et al. 2015, eq. 8) estimated from the same samples.</li>
 *   <li>The effective sample size of the importance weights, (sum w)^2 / sum w^2 (Kong 1992),
 *       to flag examples whose estimate rests on a few samples.</li>
 * </ul>
 * All values are in nats, per example.
 */
package org.vae4j.eval.estimate;
