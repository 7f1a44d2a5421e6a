/**
 * Reconstruction distributions p(x|z) for DL4J's {@code VariationalAutoencoder} layer with exact
 * log-densities (all normalizing constants, in nats, per example summed over data columns) and
 * gradients checked against finite differences, computed in double.
 *
 * <p>Every class implements DL4J's
 * {@link org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution}, follows its
 * pre-output layout (parameter blocks, as in {@code GaussianReconstructionDistribution}) and its
 * gradient convention (summed over the minibatch), serializes by class name through DL4J's JSON
 * and {@code ModelSerializer}, and can be nested in
 * {@code CompositeReconstructionDistribution}. Data outside a distribution's support is rejected
 * with an {@link java.lang.IllegalArgumentException} naming the distribution, column and value,
 * unless the distribution was built with {@code clampData=true}. See docs/distributions.md for
 * which one to pick.
 *
 * <p>References:
 * <ul>
 * <li>Kingma and Welling, Auto-Encoding Variational Bayes, ICLR 2014 (the reconstruction term of
 * the ELBO, eq. 3).</li>
 * <li>Loaiza-Ganem and Cunningham, The continuous Bernoulli: fixing a pervasive error in
 * variational autoencoders, NeurIPS 2019 (eq. 7, normalizing constant).</li>
 * <li>Kingma et al., Improved Variational Inference with Inverse Autoregressive Flow, NeurIPS 2016,
 * and Salimans et al., PixelCNN++, ICLR 2017 (discretized logistic likelihood, eq. 2).</li>
 * <li>Lopez et al., Deep generative modeling for single-cell transcriptomics (scVI), Nature
 * Methods 2018 (negative binomial in mean/inverse-dispersion form).</li>
 * <li>Maechler, Accurately Computing log(1 - exp(-|a|)), Rmpfr vignette 2012.</li>
 * </ul>
 */
package org.vae4j.core.distribution;
