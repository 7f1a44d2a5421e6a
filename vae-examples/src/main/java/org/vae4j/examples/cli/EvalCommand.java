package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.RunEvaluation;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Estimate the test-set log-likelihood of a trained model by importance sampling (Burda et al. "
                + "2015): -log p(x), its standard error, -ELBO, IWAE-k bounds and active units, in nats per example.",
                "Writes eval.json and eval-per-example.csv into --out (default RUN_DIR/eval-k<k>)."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|MODEL_ZIP", description = "A run folder, or a model zip (then give --recipe).")
    Path source;

    @Option(names = {"-k", "--importance-samples"}, defaultValue = "5000",
            description = "Importance samples per example, >= 1 (default: ${DEFAULT-VALUE}).")
    int importanceSamples;

    @Option(names = "--limit", description = "Evaluate only the first N test examples, N >= 1.")
    Integer limit;

    @Option(names = "--recipe", description = "Recipe whose test data to use (default: the run's).")
    String recipe;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the importance samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder.")
    Path out;

    @Mixin
    ProgressOption progressOption;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-k", importanceSamples, 1, Integer.MAX_VALUE);
        CountOptions.requireIfGiven(spec, "--limit", limit, 1, Integer.MAX_VALUE);
        return RunFolderLog.around(source, () -> {
            ModelSource model = ModelSource.open(source);
            RecipeData data = model.data(recipe, limit);
            // Not created here: the report writer creates it with the first file, so a failed
            // evaluation leaves no empty folder.
            Path directory = out != null ? out : model.outputDirectory().resolve("eval-k" + importanceSamples);
            LogLikelihoodReport report = RunEvaluation.evaluate(model.model(), data.test(), importanceSamples, seed,
                    progressOption.progress(), directory);
            LogLikelihoodSummary s = report.summary();
            var w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "-log p(x) = %.3f +- %.3f nats/example (k = %d, %d examples of %s); -ELBO = %.3f; "
                            + "active units %d of %d; %.1f s%n", s.negativeLogLikelihoodNats(), s.standardErrorNats(),
                    s.importanceSamples(), s.examples(), data.test().description().name(), s.negativeElboNats(),
                    report.activeUnits().activeCount(), model.model().config().latentSize(), s.wallSeconds());
            w.println("Report: " + directory.resolve(RunEvaluation.JSON).toAbsolutePath());
            w.flush();
            return 0;
        });
    }
}
