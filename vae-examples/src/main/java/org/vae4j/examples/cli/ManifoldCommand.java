package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vae4j.examples.run.RunPlots;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "manifold", mixinStandardHelpOptions = true,
        description = {"Plot the learned manifold: decoder means over a side x side grid of (z1, z2) taken through the "
                + "inverse Gaussian CDF (Kingma and Welling 2013, Fig. 4). Other latent dimensions are held at 0."})
final class ManifoldCommand implements Callable<Integer> {

    /** 2,500 decoded images, a PNG of about 1450 x 1450 pixels for 28 x 28 images. */
    static final int MAX_SIDE = 50;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|MODEL_ZIP", description = "A run folder or a model zip.")
    Path source;

    @Option(names = "--side", defaultValue = "20", description = "Grid points per axis, 2 to " + ManifoldCommand.MAX_SIDE
            + " (default: ${DEFAULT-VALUE}).")
    int side;

    @Option(names = "--out", description = "PNG file (default: RUN_DIR/manifold-<side>.png).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "--side", side, 2, MAX_SIDE);
        return RunFolderLog.around(source, () -> {
            ModelSource model = ModelSource.open(source);
            if (model.model().config().isConditional()) {
                throw new IllegalArgumentException(source + " is a conditional VAE: its decoder has one manifold per "
                        + "condition; draw class grids with ./vae4j sample " + source + " --condition all");
            }
            Path file = out != null ? out : model.outputDirectory().resolve("manifold-" + side + ".png");
            RunPlots.manifold(model.model(), side, Images.shapeOf(model), file);
            spec.commandLine().getOut().println("Manifold: " + file.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        });
    }
}
