package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.plot.ImageGridPlot;
import org.vae4j.examples.plot.ImageShape;
import org.vae4j.examples.plot.LatentScatterPlot;
import org.vae4j.examples.plot.LearningCurvePlot;
import org.vae4j.examples.plot.ManifoldGrid;
import org.vae4j.examples.recipes.RecipeData;

/** The standard figures of a run folder. */
public final class RunPlots {

    public static final String LEARNING_CURVE = "learning-curve.png";
    public static final String RECONSTRUCTIONS = "reconstructions.png";
    public static final String SAMPLES = "samples.png";
    public static final String MANIFOLD = "manifold.png";
    public static final String LATENT_SCATTER = "latent-scatter.png";

    static final int GRID_COLUMNS = 10;
    /** Three rows of originals over three rows of reconstructions. */
    public static final int MAX_RECONSTRUCTIONS = 30;
    static final int MANIFOLD_SIDE = 20;

    private RunPlots() {
    }

    /** Every plot that applies to the run; returns the files written. */
    public static List<Path> all(String title, VaeModel model, RecipeData data, RunFolder folder, long seed)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Path metrics = folder.resolve(RunFolder.METRICS);
        // A run stopped inside its first epoch (budget, Ctrl-C) has no epoch to draw yet.
        if (java.nio.file.Files.readAllLines(metrics).size() > 1) {
            written.add(LearningCurvePlot.save(metrics, title, folder.resolve(LEARNING_CURVE)));
        }
        ImageShape shape = data.imageShape();
        if (shape == null) {
            return written;
        }
        TestSet test = TestSet.collect(data.test(), data.labeled());
        boolean conditional = model.config().isConditional();
        written.add(reconstructions(model, test, shape, folder.resolve(RECONSTRUCTIONS)));
        written.add(conditional ? classGrid(model, GRID_COLUMNS, seed, shape, folder.resolve(SAMPLES))
                : samples(model, 100, seed, shape, folder.resolve(SAMPLES)));
        if (model.config().latentSize() == 2) {
            // A conditional decoder has one manifold per condition: `sample --condition` draws them.
            if (!conditional) {
                written.add(manifold(model, MANIFOLD_SIDE, shape, folder.resolve(MANIFOLD)));
            }
            INDArray rows = test.inputRows(model.config());
            written.add(LatentScatterPlot.save(model.encodeInputRows(rows).mean().toDoubleMatrix(), test.labels(),
                    data.classNames(), "test-set posterior means", folder.resolve(LATENT_SCATTER)));
        }
        return written;
    }

    /**
     * The first {@value #MAX_RECONSTRUCTIONS} examples, each row of originals followed by the row of
     * their reconstructions (given their condition, for a conditional VAE).
     */
    public static Path reconstructions(VaeModel model, TestSet test, ImageShape shape, Path file) throws IOException {
        INDArrayIndex first = NDArrayIndex.interval(0, Math.min(MAX_RECONSTRUCTIONS, test.features().rows()));
        INDArray x = test.features().get(first, NDArrayIndex.all());
        INDArray reconstructed = model.config().isConditional()
                ? model.reconstruct(x, test.inputRows(model.config()).get(first, NDArrayIndex.interval(
                        model.config().inputSize(), model.config().networkInputSize())))
                : model.reconstruct(x);
        return ImageGridPlot.saveComparison(x, reconstructed, shape, GRID_COLUMNS,
                "originals (odd rows) and reconstructions (even rows)", file);
    }

    public static Path samples(VaeModel model, int n, long seed, ImageShape shape, Path file) throws IOException {
        return ImageGridPlot.save(model.generate(n, seed), shape, GRID_COLUMNS, "means of p(x|z), z ~ p(z)", file);
    }

    /**
     * A conditional VAE's class grid: {@code perClass} draws z ~ N(0, I), the same in every row, and
     * row k the decoder means given the one-hot condition of class k, so a column holds one z
     * across every class (style held, class varied).
     */
    public static Path classGrid(VaeModel model, int perClass, long seed, ImageShape shape, Path file)
            throws IOException {
        int classes = model.config().conditionSize();
        List<INDArray> rows = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            rows.add(model.generate(perClass, oneHot(model, k), seed));
        }
        return ImageGridPlot.save(Nd4j.vstack(rows.toArray(INDArray[]::new)), shape, perClass,
                "means of p(x|z, c): row k is class k, a column one z ~ p(z)", file);
    }

    /** {@code perClass} draws z ~ N(0, I) decoded given the one-hot condition of class {@code k}. */
    public static Path oneClass(VaeModel model, int k, int count, long seed, ImageShape shape, Path file)
            throws IOException {
        return ImageGridPlot.save(model.generate(count, oneHot(model, k), seed), shape, GRID_COLUMNS,
                "means of p(x|z, c = class " + k + "), z ~ p(z)", file);
    }

    private static INDArray oneHot(VaeModel model, int k) {
        INDArray c = Nd4j.zeros(model.dataType(), 1, model.config().conditionSize());
        c.putScalar(0, k, 1.0);
        return c;
    }

    public static Path manifold(VaeModel model, int side, ImageShape shape, Path file) throws IOException {
        INDArray z = ManifoldGrid.latents(side, model.config().latentSize(), model.dataType());
        return ImageGridPlot.save(model.decode(z), shape, side,
                "learned manifold: p(x|z) means on an inverse-Gaussian-CDF grid of (z1, z2)", file);
    }
}
