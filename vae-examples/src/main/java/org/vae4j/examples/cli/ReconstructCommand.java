package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.vae4j.examples.plot.ImageShape;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.RunPlots;
import org.vae4j.examples.run.TestSet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "reconstruct", mixinStandardHelpOptions = true,
        description = "Plot test examples next to their reconstructions (decoder mean at the posterior mean) as a PNG.")
final class ReconstructCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|MODEL_ZIP", description = "A run folder, or a model zip (then give --recipe).")
    Path source;

    @Option(names = {"-n", "--count"}, defaultValue = "30", description = "Test examples, 1 to 30 (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--recipe", description = "Recipe whose test data to use (default: the run's).")
    String recipe;

    @Option(names = "--out", description = "PNG file (default: RUN_DIR/reconstructions-test.png).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-n", count, 1, RunPlots.MAX_RECONSTRUCTIONS);
        return RunFolderLog.around(source, () -> {
            ModelSource model = ModelSource.open(source);
            ImageShape shape = Images.shapeOf(model);
            RecipeData data = model.data(recipe, count);
            Path file = out != null ? out : model.outputDirectory().resolve("reconstructions-test.png");
            RunPlots.reconstructions(model.model(), TestSet.collect(data.test(), false), shape, file);
            spec.commandLine().getOut().println("Reconstructions: " + file.toAbsolutePath());
            spec.commandLine().getOut().flush();
            return 0;
        });
    }
}
