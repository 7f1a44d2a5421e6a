package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Bidirectional Monte Carlo against the number of AIS steps: the mean gap between the reverse-AIS
 * upper bound and the forward-AIS lower bound on log p(x) of data simulated from the model, with
 * one standard error across examples (Grosse, Ghahramani and Adams 2015, Fig. 2 style; log steps axis).
 */
public final class BdmcGapPlot {

    /** One BDMC run: steps, mean gap and its standard error, nats per example. */
    public record Point(int steps, double gapNats, double standardErrorNats) {
    }

    private BdmcGapPlot() {
    }

    public static Path save(List<Point> points, String title, Path file) throws IOException {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("BdmcGapPlot: no points");
        }
        double[] steps = points.stream().mapToDouble(Point::steps).toArray();
        double[] gap = points.stream().mapToDouble(Point::gapNats).toArray();
        double[] error = points.stream().mapToDouble(p -> Double.isFinite(p.standardErrorNats())
                ? p.standardErrorNats() : 0).toArray();
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("AIS steps").yAxisTitle("upper - lower bound on log p(x), nats per example").build();
        chart.getStyler().setXAxisLogarithmic(steps[0] > 0 && steps[steps.length - 1] >= 10 * steps[0]);
        chart.getStyler().setMarkerSize(8);
        chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
        chart.addSeries("BDMC gap (mean, +- 1 SE)", steps, gap, error).setMarker(SeriesMarkers.CIRCLE);
        return Charts.savePng(chart, file);
    }
}
