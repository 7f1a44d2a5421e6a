package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.vae4j.core.io.AtomicFiles;

/** Writes XChart charts as PNG files, headless and atomically (no half-written PNG on a full disk). */
public final class Charts {

    static {
        // ImageIO's default file cache registers each stream with a shutdown hook (StreamCloser);
        // after a failed write (a full disk) that hook prints a NullPointerException trace as the
        // JVM exits, after the one-line error. PNGs of a few hundred KB are cached in memory instead.
        ImageIO.setUseCache(false);
    }

    private Charts() {
    }

    public static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        // No display on servers and CI; AWT must not try to open one.
        System.setProperty("java.awt.headless", "true");
        AtomicFiles.writeStream(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
