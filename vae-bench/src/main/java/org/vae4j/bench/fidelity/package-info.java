/**
 * The Java side of {@code bench/fidelity.sh} and {@code bench/iwae-stages.sh} (issue 14): vae4j and its PyTorch twin,
 * written from DL4J's update rules ({@code bench/vae_twin.py}), trained under one protocol on the models of
 * bench/models.json and scored by vae4j's own evaluator ({@code FidelityTool}; {@code TwinWeights} loads the twin's
 * exported weights).
 */
package org.vae4j.bench.fidelity;
