package org.vae4j.examples.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
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
        written.add(reconstructions(model, test.features(), shape, folder.resolve(RECONSTRUCTIONS)));
        written.add(samples(model, 100, seed, shape, folder.resolve(SAMPLES)));
        if (model.config().latentSize() == 2) {
            written.add(manifold(model, MANIFOLD_SIDE, shape, folder.resolve(MANIFOLD)));
            written.add(LatentScatterPlot.save(model.encode(test.features()).mean().toDoubleMatrix(), test.labels(),
                    data.classNames(), "test-set posterior means", folder.resolve(LATENT_SCATTER)));
        }
        return written;
    }

    /** The first {@value #MAX_RECONSTRUCTIONS} examples, each row of originals followed by the row of their reconstructions. */
    public static Path reconstructions(VaeModel model, INDArray x, ImageShape shape, Path file) throws IOException {
        INDArray first = x.get(NDArrayIndex.interval(0, Math.min(MAX_RECONSTRUCTIONS, x.rows())), NDArrayIndex.all());
        return ImageGridPlot.saveComparison(first, model.reconstruct(first), shape, GRID_COLUMNS,
                "originals (odd rows) and reconstructions (even rows)", file);
    }

    public static Path samples(VaeModel model, int n, long seed, ImageShape shape, Path file) throws IOException {
        return ImageGridPlot.save(model.generate(n, seed), shape, GRID_COLUMNS, "means of p(x|z), z ~ p(z)", file);
    }

    public static Path manifold(VaeModel model, int side, ImageShape shape, Path file) throws IOException {
        INDArray z = ManifoldGrid.latents(side, model.config().latentSize(), model.dataType());
        return ImageGridPlot.save(model.decode(z), shape, side,
                "learned manifold: p(x|z) means on an inverse-Gaussian-CDF grid of (z1, z2)", file);
    }
}
