package org.vae4j.examples.cli;

import org.vae4j.core.Versions;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"vae4j " + Versions.vae4j() + " on Deeplearning4j " + Versions.dl4j()
                + ", Java " + System.getProperty("java.version")};
    }
}
