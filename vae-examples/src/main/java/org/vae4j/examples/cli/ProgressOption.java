package org.vae4j.examples.cli;

import org.vae4j.examples.run.Progress;

import picocli.CommandLine.Option;

/** {@code --no-progress}, shared by the commands that do long work. */
final class ProgressOption {

    @Option(names = "--no-progress", description = "No progress bar (bars are also off when stderr is not a terminal).")
    boolean noProgress;

    Progress progress() {
        return Progress.forTerminal(!noProgress);
    }
}
