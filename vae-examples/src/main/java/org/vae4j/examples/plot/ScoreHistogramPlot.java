package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Histogram of anomaly scores (-log p(x), nats per example) of the scored rows and of the
 * validation rows the threshold came from, as fractions of each so the two are comparable, with
 * the threshold as a vertical line.
 */
public final class ScoreHistogramPlot {

    static final int BINS = 40;

    private ScoreHistogramPlot() {
    }

    public static Path save(double[] scored, double[] validation, double threshold, String title, Path file)
            throws IOException {
        double min = Math.min(Arrays.stream(scored).min().orElse(0), Arrays.stream(validation).min().orElse(0));
        double max = Math.max(Arrays.stream(scored).max().orElse(1), Arrays.stream(validation).max().orElse(1));
        min = Math.min(min, threshold);
        max = Math.max(max, threshold);
        if (!(max > min)) {
            max = min + 1;
        }
        double width = (max - min) / BINS;
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("-log p(x), nats per example (importance sampled)").yAxisTitle("fraction of rows").build();
        chart.getStyler().setMarkerSize(0);
        double top = 0;
        for (double[] scores : List.of(scored, validation)) {
            top = Math.max(top, Arrays.stream(fractions(scores, min, width)).max().orElse(0));
        }
        addSteps(chart, "scored rows (" + scored.length + ")", scored, min, width);
        addSteps(chart, "validation rows (" + validation.length + ")", validation, min, width);
        XYSeries line = chart.addSeries(String.format(Locale.ROOT, "threshold %.3f", threshold),
                new double[] {threshold, threshold}, new double[] {0, top * 1.05});
        line.setMarker(SeriesMarkers.NONE);
        return Charts.savePng(chart, file);
    }

    private static double[] fractions(double[] scores, double min, double width) {
        double[] f = new double[BINS];
        for (double s : scores) {
            f[Math.min(BINS - 1, Math.max(0, (int) ((s - min) / width)))] += 1.0 / scores.length;
        }
        return f;
    }

    /** The histogram as a step outline (XChart has no histogram series for numeric x axes). */
    private static void addSteps(XYChart chart, String name, double[] scores, double min, double width) {
        double[] f = fractions(scores, min, width);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        x.add(min);
        y.add(0.0);
        for (int b = 0; b < BINS; b++) {
            x.add(min + b * width);
            y.add(f[b]);
            x.add(min + (b + 1) * width);
            y.add(f[b]);
        }
        x.add(min + BINS * width);
        y.add(0.0);
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
    }
}
