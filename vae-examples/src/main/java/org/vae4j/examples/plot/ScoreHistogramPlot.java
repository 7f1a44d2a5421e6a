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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Histogram of anomaly scores (-log p(x), nats per example) of the scored rows and of the
 * validation rows the threshold came from, as fractions of each so the two are comparable, with
 * the threshold as a vertical line. The axis ends a little beyond the validation rows, the
 * threshold and the 98th percentile of the scored rows: a few extreme anomalies (hundreds of nats)
 * would otherwise squeeze every other row into one bin. Rows beyond it are counted in the last bin
 * and named in the legend.
 */
public final class ScoreHistogramPlot {

    static final int BINS = 40;

    private ScoreHistogramPlot() {
    }

    public static Path save(double[] scored, double[] validation, double threshold, String title, Path file)
            throws IOException {
        double min = Math.min(Arrays.stream(scored).min().orElse(0), Arrays.stream(validation).min().orElse(0));
        min = Math.min(min, threshold);
        double[] sorted = scored.clone();
        Arrays.sort(sorted);
        double typical = sorted.length == 0 ? threshold : sorted[(int) Math.floor(0.98 * (sorted.length - 1))];
        double upper = Math.max(Math.max(typical, threshold), Arrays.stream(validation).max().orElse(threshold));
        upper += 0.25 * (upper - min);
        double end = upper > min ? upper : min + 1;
        long beyond = Arrays.stream(scored).filter(v -> v > end).count();
        double width = (end - min) / BINS;
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("-log p(x), nats per example (importance sampled)").yAxisTitle("fraction of rows").build();
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double top = 0;
        for (double[] scores : List.of(scored, validation)) {
            top = Math.max(top, Arrays.stream(fractions(scores, min, width)).max().orElse(0));
        }
        addSteps(chart, "scored rows (" + scored.length + (beyond > 0 ? ", " + beyond + " beyond the axis in the last bin"
                : "") + ")", scored, min, width);
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
