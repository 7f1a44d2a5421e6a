package org.vae4j.core.model;

import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.provenance.DataDescription;

/**
 * Provenance stored inside every saved vae4j model zip (entry {@value VaeModelFiles#METADATA_ENTRY}).
 *
 * @param formatVersion   version of this metadata layout: 2; 1 (vae4j 0.1) kept learning-rate
 *                        schedules in the network only
 * @param networkType     {@code MultiLayerNetwork} or {@code ComputationGraph}
 * @param config          the config the network was built from
 * @param vae4jVersion    vae4j version that saved the model
 * @param dl4jVersion     DL4J version that saved the model
 * @param data            what the model was trained on, or null
 * @param training        training history summary
 * @param savedAt         ISO-8601 instant of saving
 */
public record VaeMetadata(int formatVersion, String networkType, VaeConfig config, String vae4jVersion,
                          String dl4jVersion, DataDescription data, TrainingSummary training, String savedAt) {

    public static final int FORMAT_VERSION = 2;
}
