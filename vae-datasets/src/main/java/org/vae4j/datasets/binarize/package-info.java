/**
 * Turning grey pixels in [0,1] into binary observations for Bernoulli decoders. The mode is always
 * named ({@link org.vae4j.datasets.binarize.Binarization}) because log-likelihoods on statically and
 * dynamically binarized MNIST are not comparable (Burda, Grosse and Salakhutdinov 2015, "Importance
 * Weighted Autoencoders", section 5, use a fresh Bernoulli draw every time an image is used).
 */
package org.vae4j.datasets.binarize;
