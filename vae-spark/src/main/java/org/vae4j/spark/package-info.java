/**
 * Data-parallel training of vae4j models on Apache Spark by synchronous parameter averaging
 * (McDonald, Hall and Mann 2010; Zinkevich et al. 2010; the scheme of DL4J's
 * ParameterAveragingTrainingMaster): every worker runs vae4j's own {@code ElboStep} on its share
 * of the minibatches for a few steps, then the driver averages the parameters and the updater
 * state. With one worker this is single-machine training, bit for bit. See docs/spark.md.
 */
package org.vae4j.spark;
