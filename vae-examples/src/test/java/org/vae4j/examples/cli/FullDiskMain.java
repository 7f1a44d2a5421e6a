package org.vae4j.examples.cli;

import org.vae4j.core.io.AtomicFiles;

/** The CLI's main in a second JVM whose every atomic write meets a full disk (its exit and shutdown hooks included). */
public final class FullDiskMain {

    private FullDiskMain() {
    }

    public static void main(String[] args) {
        AtomicFiles.useOpener(new FullDisk(0));
        Main.main(args);
    }
}
