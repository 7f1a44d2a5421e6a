package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.RunEvaluation;
import org.vae4j.examples.run.ScoredData;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Estimate the test-set log-likelihood of a trained model by importance sampling (Burda et al. "
                + "2015): -log p(x), its standard error, -ELBO, IWAE-k bounds and active units, in nats per example.",
                "Writes eval.json and eval-per-example.csv into --out (default RUN_DIR/eval-k<k>).",
                "The number depends on the model, the test examples, k and the eval seed only; with the default seed "
                        + "it is the number 'vae4j train' printed for the same model, k and test limit."})
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

    @Option(names = {"--eval-seed", "--seed"}, paramLabel = "S", description = "Seed of the importance samples "
            + "(default: ${DEFAULT-VALUE}, the same as 'vae4j train' uses for its evaluation).")
    long seed = RunEvaluation.DEFAULT_SEED;

    @Option(names = "--export-data", paramLabel = "FILE", description = "Also write the exact test examples scored, "
            + "one row per example in the order of eval-per-example.csv: FILE.npy (float32 [examples, inputSize]) or "
            + "FILE.csv (no header), so another tool can score the same data.")
    Path exportData;

    @Option(names = "--out", description = "Output folder.")
    Path out;

    @Mixin
    ProgressOption progressOption;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-k", importanceSamples, 1, Integer.MAX_VALUE);
        CountOptions.requireIfGiven(spec, "--limit", limit, 1, Integer.MAX_VALUE);
        if (exportData != null) {
            ScoredData.formatOf(exportData);   // a bad name fails here, before any work
        }
        return RunFolderLog.around(source, () -> {
            ModelSource model = ModelSource.open(source);
            RecipeData data = model.data(recipe, limit);
            // Not created here: the report writer creates it with the first file, so a failed
            // evaluation leaves no empty folder.
            Path directory = out != null ? out : model.outputDirectory().resolve("eval-k" + importanceSamples);
            LogLikelihoodReport report = RunEvaluation.evaluate(model.model(), data.test(), importanceSamples, seed,
                    progressOption.progress(), directory, exportData);
            LogLikelihoodSummary s = report.summary();
            var w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "-log p(x) = %.3f +- %.3f nats/example (k = %d, %d examples of %s, eval seed %d); "
                            + "-ELBO = %.3f; active units %d of %d; %.1f s%n", s.negativeLogLikelihoodNats(),
                    s.standardErrorNats(), s.importanceSamples(), s.examples(), data.test().description().name(),
                    s.seed(), s.negativeElboNats(), report.activeUnits().activeCount(),
                    model.model().config().latentSize(), s.wallSeconds());
            w.println("Report: " + directory.resolve(RunEvaluation.JSON).toAbsolutePath());
            if (exportData != null) {
                w.printf(Locale.ROOT, "Scored data: %s (%d x %d, %s)%n", exportData.toAbsolutePath(), s.examples(),
                        model.model().config().inputSize(), ScoredData.formatOf(exportData));
            }
            w.flush();
            return 0;
        });
    }
}
