package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Path;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.vae4j.core.io.AtomicFiles;

/** Writes XChart charts as PNG files, headless and atomically (no half-written PNG on a full disk). */
public final class Charts {

    private Charts() {
    }

    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        // No display on servers and CI; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
        AtomicFiles.writeStream(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
