package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vae4j.core.model.VaeModel;
import org.vae4j.examples.plot.ImageShape;
import org.vae4j.examples.run.RunPlots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw z ~ N(0, I) and plot the decoder means p(x|z) as an image grid (PNG).",
                "A conditional VAE (the cvae-mnist recipe) needs --condition: a class k draws n images of class k; "
                + "'all' draws n / classes z and decodes each under every class, one row per class, so a column "
                + "holds one z across all classes."})
final class SampleCommand implements Callable<Integer> {

    /** 100 rows of 10 images: a PNG of about 2900 x 290 pixels for 28 x 28 images. */
    static final int MAX_SAMPLES = 1000;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|MODEL_ZIP", description = "A run folder or a model zip.")
    Path source;

    @Option(names = {"-n", "--count"}, defaultValue = "100", description = "Samples, 1 to " + SampleCommand.MAX_SAMPLES
            + " (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of z (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--condition", paramLabel = "CLASS|all", description = "For a conditional VAE: the class "
            + "(0 to classes - 1) to draw, or 'all' for the class grid.")
    String condition;

    @Option(names = "--out", description = "PNG file (default: RUN_DIR/samples-seed<seed>.png).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-n", count, 1, MAX_SAMPLES);
        return RunFolderLog.around(source, () -> {
            ModelSource model = ModelSource.open(source);
            ImageShape shape = Images.shapeOf(model);
            VaeModel vae = model.model();
            int classes = vae.config().conditionSize();
            if (condition == null && classes > 0) {
                throw CountOptions.invalid(spec, "--condition", "missing", "the model is a conditional VAE on "
                        + classes + " classes: give --condition CLASS (0 to " + (classes - 1) + ") or --condition all");
            }
            if (condition != null && classes == 0) {
                throw CountOptions.invalid(spec, "--condition", condition, "the model is not a conditional VAE "
                        + "(conditionSize = 0)");
            }
            String suffix = condition == null ? "" : "-condition-" + condition;
            Path file = out != null ? out : model.outputDirectory().resolve("samples-seed" + seed + suffix + ".png");
            if (condition == null) {
                RunPlots.samples(vae, count, seed, shape, file);
            } else if (condition.equals("all")) {
                if (count < classes) {
                    throw CountOptions.invalid(spec, "-n", String.valueOf(count), "must be at least the " + classes
                            + " classes with --condition all (n / classes draws of z, one column each)");
                }
                RunPlots.classGrid(vae, count / classes, seed, shape, file);
            } else {
                RunPlots.oneClass(vae, classOf(condition, classes), count, seed, shape, file);
            }
            spec.commandLine().getOut().println("Samples: " + file.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        });
    }

    private int classOf(String text, int classes) {
        try {
            int k = Integer.parseInt(text.trim());
            if (k >= 0 && k < classes) {
                return k;
            }
        } catch (NumberFormatException ignored) {
            // refused below, with the allowed values
        }
        throw CountOptions.invalid(spec, "--condition", text, "a class 0 to " + (classes - 1) + ", or all");
    }
}
