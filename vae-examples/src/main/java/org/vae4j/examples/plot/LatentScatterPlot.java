package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Posterior means of a 2-D latent space, one colour per class (Kingma and Welling 2013, App. A). */
public final class LatentScatterPlot {

    private LatentScatterPlot() {
    }

    /**
     * @param means  [n][2] posterior means
     * @param labels class index per example, or null (one series)
     */
    public static Path save(double[][] means, int[] labels, List<String> classNames, String title, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(700).title(title)
                .xAxisTitle("z1 (posterior mean)").yAxisTitle("z2 (posterior mean)").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        int classes = labels == null ? 1 : classNames.size();
        for (int k = 0; k < classes; k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < means.length; i++) {
                if (labels == null || labels[i] == k) {
                    x.add(means[i][0]);
                    y.add(means[i][1]);
                }
            }
            if (!x.isEmpty()) {
                String name = labels == null ? "examples" : classNames.get(k);
                chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return Charts.savePng(chart, file);
    }
}
