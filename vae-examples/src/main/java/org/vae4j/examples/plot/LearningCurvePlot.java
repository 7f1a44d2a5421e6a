package org.vae4j.examples.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The lower bound against training examples seen, the axes of Kingma and Welling (2013), Fig. 2:
 * ELBO (nats per example, higher is better) of the training minibatches and of the validation
 * data after each epoch, read from metrics.csv.
 */
public final class LearningCurvePlot {

    private LearningCurvePlot() {
    }

    public static Path save(Path metricsCsv, String title, Path file) throws IOException {
        List<String> lines = Files.readAllLines(metricsCsv);
        if (lines.size() < 2) {
            throw new IllegalArgumentException(metricsCsv + " has no epochs to plot");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int seen = column(header, "examples_seen", metricsCsv);
        int train = column(header, "train_neg_elbo_nats", metricsCsv);
        int validation = column(header, "validation_neg_elbo_nats", metricsCsv);
        List<Double> x = new ArrayList<>();
        List<Double> trainElbo = new ArrayList<>();
        List<Double> validationElbo = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            x.add(Double.parseDouble(cells[seen]));
            trainElbo.add(-Double.parseDouble(cells[train]));
            validationElbo.add(-Double.parseDouble(cells[validation]));
        }
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle("training examples seen").yAxisTitle("ELBO, nats per example").build();
        // Log axis as in the paper, once the run spans a decade (XChart labels only powers of ten).
        chart.getStyler().setXAxisLogarithmic(x.size() > 1 && x.get(0) > 0 && x.get(x.size() - 1) >= 10 * x.get(0));
        chart.getStyler().setMarkerSize(6);
        XYSeries trainSeries = chart.addSeries("train (minibatch mean over the epoch)", x, trainElbo);
        trainSeries.setMarker(SeriesMarkers.CIRCLE);
        if (validationElbo.stream().allMatch(Double::isFinite)) {
            chart.addSeries("validation (after the epoch)", x, validationElbo).setMarker(SeriesMarkers.DIAMOND);
        }
        return Charts.savePng(chart, file);
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column " + name);
        }
        return i;
    }
}
