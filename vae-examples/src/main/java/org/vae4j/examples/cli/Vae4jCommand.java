package org.vae4j.examples.cli;

import picocli.CommandLine.Command;

@Command(name = "vae4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Variational autoencoders on Deeplearning4j: train, evaluate, sample.")
// The subcommands are added by Main (Main.SUBCOMMANDS), which builds only the one a command line names.
public final class Vae4jCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
