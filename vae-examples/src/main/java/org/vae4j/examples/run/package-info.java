/**
 * One run of a recipe: the run folder, training with checkpoints, Ctrl-C and time budgets,
 * metrics.csv, train.log, progress bars, the importance-sampled evaluation and the plots.
 */
package org.vae4j.examples.run;
