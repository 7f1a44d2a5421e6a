package org.vae4j.examples.cli;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.vae4j.bench.model.BenchmarkModel;
import org.vae4j.bench.model.BenchmarkModels;
import org.vae4j.bench.speed.BenchmarkData;
import org.vae4j.bench.speed.EvalExport;
import org.vae4j.bench.speed.EvalSpeed;
import org.vae4j.bench.speed.ThresholdedMnist;
import org.vae4j.bench.speed.TrainSpeed;
import org.vae4j.examples.recipes.Recipes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vae4j benchmark train|eval|export}: the vae4j side of bench/compare.sh, run through the launcher
 * so that it measures the launcher's JVM options and environment, which is how users run vae4j. The models are
 * bench/models.json's and the timing is vae-bench's ({@code org.vae4j.bench.speed}); this command adds what only the
 * application has: its recipes' data loaders and {@code train --data}'s CSV pipeline.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Time training or evaluation and print one 'RESULT key=value ...' line: the vae4j side of "
                + "bench/compare.sh, which runs PyTorch's twin the same way (see bench/README.md).",
                "Nothing is written except eval's per-example estimates in --work (and export's model there)."},
        subcommands = {BenchmarkCommand.Train.class, BenchmarkCommand.Eval.class, BenchmarkCommand.Export.class})
final class BenchmarkCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static BenchmarkModel model(CommandSpec spec, String name) {
        return BenchmarkModels.find(name).orElseThrow(() -> CountOptions.invalid(spec, "--model", name, "one of "
                + String.join(", ", BenchmarkModels.names())));
    }

    /** --data is given exactly when the model is sized from a CSV file (tabular). */
    static void requireDataIffTabular(CommandSpec spec, BenchmarkModel m, Path data) {
        if (m.fromData() && data == null) {
            throw CountOptions.invalid(spec, "--model", m.name(), "needs --data FILE.csv");
        }
        if (!m.fromData() && data != null) {
            throw CountOptions.invalid(spec, "--data", data.toString(), "only with --model "
                    + BenchmarkModels.all().stream().filter(BenchmarkModel::fromData).map(BenchmarkModel::name)
                    .collect(Collectors.joining(" or --model ")) + "; " + m.name() + " reads MNIST");
        }
    }

    /**
     * The data of {@code m} as its users get it: train --data's CSV pipeline on {@code csv}, the recipe's data
     * loader for a recipe's model, else MNIST binarized by threshold and held in memory.
     */
    static BenchmarkData data(BenchmarkModel m, Path csv) {
        if (m.fromData()) {
            return new CsvBenchmarkData(m, csv);
        }
        return m.recipe().<BenchmarkData>map(r -> new RecipeBenchmarkData(m, Recipes.named(r)))
                .orElseGet(() -> new ThresholdedMnist(m));
    }

    /** The names of bench/models.json's models, for --model's help. */
    static final class ModelNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchmarkModels.names().iterator();
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train a benchmark model without checkpoints or validation and print its training speed "
                    + "(examples/s after the first iteration), start-up, peak RSS and test -ELBO.",
                    "Models: those of bench/models.json, which the PyTorch twins read too (see bench/README.md): a "
                            + "recipe's model trains on the recipe's data; tabular (--data FILE.csv) is 'train --data "
                            + "FILE.csv --likelihood gaussian''s default model, split and scaling, its test -ELBO on "
                            + "the file's test rows; the others on all 60,000 MNIST images binarized once."})
    static final class Train implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, completionCandidates = ModelNames.class,
                description = "One of ${COMPLETION-CANDIDATES}.")
        String model;

        @Option(names = "--data", paramLabel = "FILE.csv", description = "The CSV file of --model tabular.")
        Path data;

        @Option(names = "--epochs", defaultValue = "1", description = "Epochs, >= 1 (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seed", defaultValue = "12345",
                description = "Seed of the initial weights, shuffles and noise (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--limit", description = "Train on the first N training examples only, N >= 1 (smoke tests).")
        Integer limit;

        @Override
        public Integer call() throws Exception {
            BenchmarkModel m = model(spec, model);
            requireDataIffTabular(spec, m, data);
            CountOptions.require(spec, "--epochs", epochs, 1, Integer.MAX_VALUE);
            CountOptions.requireIfGiven(spec, "--limit", limit, 1, Integer.MAX_VALUE);
            if (!m.fromData()) {
                // The tabular model's training rows are known once its file is read: TrainSpeed checks then.
                try {
                    TrainSpeed.requireTwoIterations(m, epochs, limit);
                } catch (IllegalArgumentException e) {
                    throw CountOptions.invalid(spec, limit == null ? "--epochs" : "--limit",
                            String.valueOf(limit == null ? epochs : limit), e.getMessage());
                }
            }
            TrainSpeed.Result result = TrainSpeed.run(m, data(m, data), epochs, seed, limit);
            spec.commandLine().getOut().println(result.resultLine());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = {"Time the importance-sampled log p(x) (k samples per example) of the first N statically "
                    + "binarized MNIST test images (tabular: the first N test rows of --data FILE.csv, split and "
                    + "scaled as 'train --data' does with the model's seed) on WORK/model.zip and print samples/s, "
                    + "CPU seconds, start-up, peak RSS, NLL and its standard error.",
                    "bench/compare.sh eval|tabular trains the model and exports its weights for PyTorch first "
                            + "('benchmark export'); the per-example estimates go to WORK/"
                            + EvalSpeed.PER_EXAMPLE_FILE + "."})
    static final class Eval implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, completionCandidates = ModelNames.class,
                description = "One of ${COMPLETION-CANDIDATES}: the architecture WORK/model.zip must have.")
        String model;

        @Option(names = "--data", paramLabel = "FILE.csv", description = "The CSV file of --model tabular (the one "
                + "WORK/model.zip was trained on).")
        Path data;

        @Option(names = "--examples", defaultValue = "1000",
                description = "First N test images, 1 to 10000 (tabular: test rows, >= 1) (default: ${DEFAULT-VALUE}).")
        int examples;

        @Option(names = {"-k", "--importance-samples"}, defaultValue = "5000",
                description = "Importance samples per example, >= 1 (default: ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--work", description = "Folder of model.zip (default: bench/work/eval-MODEL).")
        Path work;

        @Override
        public Integer call() throws Exception {
            BenchmarkModel m = model(spec, model);
            requireDataIffTabular(spec, m, data);
            CountOptions.require(spec, "--examples", examples, 1, m.fromData() ? Integer.MAX_VALUE : 10_000);
            CountOptions.require(spec, "-k", k, 1, Integer.MAX_VALUE);
            Path folder = work != null ? work : Path.of("bench", "work", "eval-" + m.name());
            EvalSpeed.Result result = EvalSpeed.run(m, data(m, data), folder, examples, k);
            spec.commandLine().getOut().println(result.resultLine());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Untimed first step of bench/compare.sh eval and of tabular's evaluation: train the "
                    + "evaluation model as 'benchmark train' does (when WORK has no model.zip) and save it, then write "
                    + "its weights (WORK/params/*.npy), for tabular its test rows (WORK/" + EvalExport.TEST_ROWS_FILE
                    + "), and WORK/" + EvalExport.MODEL_JSON + " for bench/pytorch_eval.py."})
    static final class Export implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--model", required = true, completionCandidates = ModelNames.class,
                description = "One of ${COMPLETION-CANDIDATES}.")
        String model;

        @Option(names = "--data", paramLabel = "FILE.csv", description = "The CSV file of --model tabular.")
        Path data;

        @Option(names = "--work", description = "Folder of model.zip and the exported files "
                + "(default: bench/work/eval-MODEL).")
        Path work;

        @Option(names = "--epochs", defaultValue = "1", description = "Epochs of the model trained when WORK has none, "
                + ">= 1 (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(names = "--seed", defaultValue = "12345", description = "Seed of the model trained when WORK has "
                + "none: its weights, shuffles and the split (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            BenchmarkModel m = model(spec, model);
            requireDataIffTabular(spec, m, data);
            CountOptions.require(spec, "--epochs", epochs, 1, Integer.MAX_VALUE);
            Path folder = work != null ? work : Path.of("bench", "work", "eval-" + m.name());
            spec.commandLine().getOut().println(EvalExport.export(m, data(m, data), folder, epochs, seed));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
