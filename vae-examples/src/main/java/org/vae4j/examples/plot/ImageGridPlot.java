package org.vae4j.examples.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A grid of images drawn as one XChart heat map (one cell per pixel, grey scale, 1 = black as
 * in the MNIST papers' figures). Values are clipped to [0, 1] first: a Gaussian decoder's mean
 * can leave that range.
 */
public final class ImageGridPlot {

    private static final int GREY_LEVELS = 255;

    private ImageGridPlot() {
    }

    /**
     * @param images  [n, pixels] with values in [0, 1]; rows filled left to right, top to bottom
     * @param columns images per grid row
     */
    public static Path save(INDArray images, ImageShape shape, int columns, String title, Path file) throws IOException {
        float[][] rows = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        return save(rows, shape, columns, title, file);
    }

    public static Path save(float[][] images, ImageShape shape, int columns, String title, Path file) throws IOException {
        if (images.length == 0) {
            throw new IllegalArgumentException("no images to plot");
        }
        int gridRows = (images.length + columns - 1) / columns;
        int gap = 1;
        int width = columns * (shape.columns() + gap) - gap;
        int height = gridRows * (shape.rows() + gap) - gap;
        int[][] heat = new int[width][height];
        for (int n = 0; n < images.length; n++) {
            int x0 = (n % columns) * (shape.columns() + gap);
            int y0 = (n / columns) * (shape.rows() + gap);
            for (int r = 0; r < shape.rows(); r++) {
                for (int c = 0; c < shape.columns(); c++) {
                    float v = Math.max(0f, Math.min(1f, images[n][r * shape.columns() + c]));
                    // Heat map rows count upwards: flip so that the first image is at the top.
                    heat[x0 + c][height - 1 - (y0 + r)] = Math.round(v * GREY_LEVELS);
                }
            }
        }
        int[] xs = new int[width];
        int[] ys = new int[height];
        for (int i = 0; i < width; i++) {
            xs[i] = i;
        }
        for (int i = 0; i < height; i++) {
            ys[i] = i;
        }
        int scale = Math.max(2, Math.min(6, 900 / Math.max(width, height)));
        HeatMapChart chart = new HeatMapChartBuilder().width(width * scale + 60).height(height * scale + 80)
                .title(title).build();
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, Color.BLACK});
        chart.getStyler().setMin(0).setMax(GREY_LEVELS);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBorderVisible(false);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.addSeries(title, xs, ys, heat);
        return Charts.savePng(chart, file);
    }

    /** Originals and reconstructions interleaved: each original row is followed by its reconstruction row. */
    public static Path saveComparison(INDArray originals, INDArray reconstructions, ImageShape shape, int columns,
                                      String title, Path file) throws IOException {
        float[][] a = originals.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        float[][] b = reconstructions.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
        int pairsOfRows = (a.length + columns - 1) / columns;
        float[][] grid = new float[pairsOfRows * 2 * columns][];
        float[] blank = new float[shape.pixels()];
        for (int row = 0; row < pairsOfRows; row++) {
            for (int c = 0; c < columns; c++) {
                int i = row * columns + c;
                grid[(2 * row) * columns + c] = i < a.length ? a[i] : blank;
                grid[(2 * row + 1) * columns + c] = i < b.length ? b[i] : blank;
            }
        }
        return save(grid, shape, columns, title, file);
    }
}
