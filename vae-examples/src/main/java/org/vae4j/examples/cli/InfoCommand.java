package org.vae4j.examples.cli;

import java.util.concurrent.Callable;

import org.vae4j.core.Versions;
import org.vae4j.core.backend.BackendInfo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print versions and the ND4J backend: BLAS, helpers, threads, data type.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BackendInfo info = BackendInfo.current();
        var out = spec.commandLine().getOut();
        out.println("vae4j          " + Versions.vae4j());
        out.println("Deeplearning4j " + Versions.dl4j());
        out.println("Java           " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                + "), max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        out.println("Backend        " + info.describe());
        return 0;
    }
}
