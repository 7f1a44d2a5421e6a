package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vae4j.examples.plot.ImageShape;
import org.vae4j.examples.run.RunPlots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Draw z ~ N(0, I) and plot the decoder means p(x|z) as an image grid (PNG).")
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

    @Option(names = "--out", description = "PNG file (default: RUN_DIR/samples-seed<seed>.png).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-n", count, 1, MAX_SAMPLES);
        return RunFolderLog.around(source, () -> {
            ModelSource model = ModelSource.open(source);
            ImageShape shape = Images.shapeOf(model);
            Path file = out != null ? out : model.outputDirectory().resolve("samples-seed" + seed + ".png");
            RunPlots.samples(model.model(), count, seed, shape, file);
            spec.commandLine().getOut().println("Samples: " + file.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        });
    }
}
