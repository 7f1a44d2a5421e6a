package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Writes XChart charts as PNG files, headless. */
public final class Charts {

    private Charts() {
    }

    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        // No display on servers and CI; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
