/**
 * Latent-space diagnostics: active units (Burda, Grosse and Salakhutdinov 2015, section 5.2:
 * unit u is active when Cov_x(E_{q(z|x)}[z_u]) &gt; 0.01) and the KL(q(z|x) || p(z)) contributed by
 * each latent dimension, averaged over examples.
 */
package org.vae4j.eval.diagnostics;
