/**
 * Using a trained vae4j VAE inside ordinary DL4J pipelines: its encoder initialises a classifier
 * that is then fine-tuned with {@code fit} (Kingma et al. 2014, "Semi-supervised learning with deep
 * generative models", M1 model).
 */
package org.vae4j.core.pipeline;
