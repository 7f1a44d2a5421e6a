package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.vae4j.eval.ais.InitialDistribution;
import org.vae4j.eval.estimate.LogLikelihoodReport;
import org.vae4j.eval.estimate.LogLikelihoodSummary;
import org.vae4j.examples.recipes.RecipeData;
import org.vae4j.examples.run.AnnealedEvaluation;
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
                        + "it is the number 'vae4j train' printed for the same model, k and test limit.",
                "--estimator ais: annealed importance sampling (Wu et al. 2017) on the same examples as IS(k), and the "
                        + "gap decomposition ELBO -> IS(k) -> AIS (default --out RUN_DIR/eval-ais-s<steps>-c<chains>).",
                "--estimator bdmc: bidirectional Monte Carlo (Grosse et al. 2015) on --bdmc-examples draws from the "
                        + "model: lower and upper bounds on log p(x) and their gap, per --ais-steps value, with "
                        + "bdmc-gap.png for several (default --out RUN_DIR/eval-bdmc-n<N>-c<chains>)."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|MODEL_ZIP", description = "A run folder, or a model zip (then give --recipe).")
    Path source;

    @Option(names = {"-k", "--importance-samples"}, defaultValue = "5000",
            description = "Importance samples per example, >= 1 (default: ${DEFAULT-VALUE}).")
    int importanceSamples;

    @Option(names = "--limit", description = "Evaluate only the first N test examples, N >= 1 (bdmc: at most N "
            + "simulated examples).")
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

    @Option(names = "--force", description = "Let --export-data overwrite an existing file.")
    boolean force;

    @Option(names = "--out", description = "Output folder.")
    Path out;

    @Option(names = "--estimator", defaultValue = "is", description = "is, ais or bdmc (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--ais-steps", split = ",", description = "AIS steps T >= 1 (default 1000); for bdmc a "
            + "comma-separated list, e.g. 10,100,1000.")
    List<Integer> aisSteps;

    @Option(names = "--ais-chains", defaultValue = "16", description = "AIS chains per example, >= 1 (default: ${DEFAULT-VALUE}).")
    int aisChains;

    @Option(names = "--ais-leapfrog", defaultValue = "10", description = "Leapfrog steps per HMC move, >= 1 (default: ${DEFAULT-VALUE}).")
    int aisLeapfrog;

    @Option(names = "--ais-init", defaultValue = "q", description = "Where AIS starts: q (the encoder) or prior (default: ${DEFAULT-VALUE}).")
    String aisInit;

    @Option(names = "--bdmc-examples", defaultValue = "100", description = "Examples BDMC simulates, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int bdmcExamples;

    @Mixin
    ProgressOption progressOption;

    @Override
    public Integer call() throws Exception {
        CountOptions.require(spec, "-k", importanceSamples, 1, Integer.MAX_VALUE);
        CountOptions.requireIfGiven(spec, "--limit", limit, 1, Integer.MAX_VALUE);
        if (!List.of("is", "ais", "bdmc").contains(estimator)) {
            throw CountOptions.invalid(spec, "--estimator", estimator, "must be is, ais or bdmc");
        }
        if (exportData != null) {
            if (estimator.equals("bdmc")) {
                throw CountOptions.invalid(spec, "--export-data", exportData.toString(),
                        "must not be given with --estimator bdmc, which scores simulated data");
            }
            ScoredData.formatOf(exportData);   // a bad name fails here, before any work
            if (java.nio.file.Files.exists(exportData, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !force) {
                // As --out refuses an existing file: nothing of the user's is overwritten unasked.
                throw CountOptions.invalid(spec, "--export-data", exportData.toString(),
                        "exists; give --force to overwrite it");
            }
        }
        if (!estimator.equals("is")) {
            return annealed();
        }
        return RunFolderLog.aroundWriting(source, "eval", spec, () -> {
            ModelSource model = ModelSource.open(source);
            RecipeData data = model.data(recipe, limit);
            // Not created here: the report writer creates it with the first file, so a failed
            // evaluation leaves no empty folder.
            Path directory = out != null ? out : model.outputDirectory().resolve("eval-k" + importanceSamples);
            LogLikelihoodReport report = CreatedFolder.removedOnFailure(directory, () -> RunEvaluation.evaluate(
                    model.model(), data.test(), importanceSamples, seed, progressOption.progress(), directory, exportData));
            LogLikelihoodSummary s = report.summary();
            var w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "%s = %s nats/example (k = %d, %d examples of %s, eval seed %d); "
                            + "-ELBO = %.3f; active units %d of %d; %.1f s%n", RunEvaluation.quantity(model.model().config()),
                    Estimates.plusMinus(
                            s.negativeLogLikelihoodNats(), s.standardErrorNats(), s.examples()),
                    s.importanceSamples(), s.examples(), data.test().description().name(),
                    s.seed(), s.negativeElboNats(), report.activeUnits().activeCount(),
                    model.model().config().latentSize(), s.wallSeconds());
            w.println("Report: " + directory.resolve(RunEvaluation.JSON).toAbsolutePath());
            if (exportData != null) {
                w.printf(Locale.ROOT, "Scored data: %s (%d x %d, %s)%n", exportData.toAbsolutePath(), s.examples(),
                        model.model().config().networkInputSize(), ScoredData.formatOf(exportData));
            }
            w.flush();
            return 0;
        });
    }

    /** --estimator ais|bdmc, after checking every AIS option. */
    private int annealed() throws Exception {
        List<Integer> steps = aisSteps != null ? aisSteps : List.of(1000);
        for (int t : steps) {
            CountOptions.require(spec, "--ais-steps", t, 1, Integer.MAX_VALUE);
            // The schedule and at least one example's step-size trace, before the model is read.
            org.vae4j.core.HeapBudget.require(16.0 * (t + 1.0), "--ais-steps " + t, "lower --ais-steps");
        }
        if (estimator.equals("ais") && steps.size() != 1) {
            throw CountOptions.invalid(spec, "--ais-steps", steps.toString(), "must be one value for --estimator ais");
        }
        CountOptions.require(spec, "--ais-chains", aisChains, 1, 1024);
        CountOptions.require(spec, "--ais-leapfrog", aisLeapfrog, 1, 1000);
        CountOptions.require(spec, "--bdmc-examples", bdmcExamples, 1, 100_000);
        if (!aisInit.equals("q") && !aisInit.equals("prior")) {
            throw CountOptions.invalid(spec, "--ais-init", aisInit, "must be q or prior");
        }
        var settings = new AnnealedEvaluation.Settings(aisChains, aisLeapfrog, InitialDistribution.parse(aisInit), seed);
        var w = spec.commandLine().getOut();
        return RunFolderLog.aroundWriting(source, "eval", spec, () -> {
            ModelSource model = ModelSource.open(source);
            if (estimator.equals("bdmc")) {
                // --limit caps the simulated examples as it caps the test examples of is and ais.
                int simulated = limit != null ? Math.min(limit, bdmcExamples) : bdmcExamples;
                Path directory = out != null ? out
                        : model.outputDirectory().resolve("eval-bdmc-n" + simulated + "-c" + aisChains);
                List<AnnealedEvaluation.BdmcResult> reports = CreatedFolder.removedOnFailure(directory, () -> AnnealedEvaluation.bdmc(
                        model.model(), simulated, steps, settings, progressOption.progress(), directory));
                for (AnnealedEvaluation.BdmcResult run : reports) {
                    LogLikelihoodReport r = run.report();
                    var bounds = run.bounds();
                    double[] lower = r.perExample().logLikelihoodNats();
                    w.printf(Locale.ROOT, "BDMC, %s, %d simulated examples: %.3f <= log p(x) <= %.3f, gap %.3f +- %.3f "
                                    + "nats/example; acceptance %.2f; %.1f s%n", settings.describe(bounds.forward().steps()),
                            lower.length, -r.summary().negativeLogLikelihoodNats(), bounds.upperBound().mean(),
                            bounds.upperBound().mean() + r.summary().negativeLogLikelihoodNats(),
                            org.vae4j.eval.estimate.MeanAndError.of(bounds.gapNats(lower)).standardError(),
                            bounds.forward().meanAcceptanceRate(), r.summary().wallSeconds());
                }
                w.println("Reports: " + directory.toAbsolutePath());
                w.flush();
                return 0;
            }
            RecipeData data = model.data(recipe, limit);
            Path directory = out != null ? out
                    : model.outputDirectory().resolve("eval-ais-s" + steps.get(0) + "-c" + aisChains);
            AnnealedEvaluation.AisResult r = CreatedFolder.removedOnFailure(directory, () -> AnnealedEvaluation.ais(
                    model.model(), data.test(), steps.get(0), settings, importanceSamples, progressOption.progress(),
                    directory, exportData));
            LogLikelihoodSummary s = r.ais().summary();
            var g = r.gap();
            w.printf(Locale.ROOT, "-log p(x) = %s nats/example (AIS, %s; %d examples of %s); acceptance %.2f, "
                            + "chain SE %.3f; %.1f s%n", Estimates.plusMinus(s.negativeLogLikelihoodNats(),
                            s.standardErrorNats(), s.examples()),
                    settings.describe(steps.get(0)), s.examples(), data.test().description().name(),
                    r.annealing().meanAcceptanceRate(), r.annealing().meanChainStandardErrorNats(),
                    s.wallSeconds());
            w.printf(Locale.ROOT, "Gap decomposition, nats/example (differences: mean +- paired SE):%n"
                            + "  -ELBO                %9.3f%n  -log p(x), IS k=%-5d %9.3f   IS(k) - ELBO = %.3f +- %.3f%n"
                            + "  -log p(x), AIS       %9.3f   AIS - IS(k)  = %.3f +- %.3f%n"
                            + "                                   AIS - ELBO   = %.3f +- %.3f (inference gap)%n",
                    -g.elbo().mean(), importanceSamples, -g.importance().mean(), g.elboToImportance().mean(),
                    g.elboToImportance().standardError(), -g.annealed().mean(), g.importanceToAnnealed().mean(),
                    g.importanceToAnnealed().standardError(), g.elboToAnnealed().mean(), g.elboToAnnealed().standardError());
            w.println("Report: " + directory.resolve(RunEvaluation.JSON).toAbsolutePath());
            if (exportData != null) {
                w.println("Scored data: " + exportData.toAbsolutePath());
            }
            w.flush();
            return 0;
        });
    }
}
