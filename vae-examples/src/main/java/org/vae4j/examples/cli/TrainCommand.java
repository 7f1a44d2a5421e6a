package org.vae4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.vae4j.core.io.DecimalLiterals;
import org.vae4j.examples.config.ConfigOverrides;
import org.vae4j.examples.config.EffectiveConfig;
import org.vae4j.examples.config.Likelihoods;
import org.vae4j.examples.recipes.DataRecipe;
import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.Recipes;
import org.vae4j.examples.recipes.Variant;
import org.vae4j.examples.run.RecipeRunner;
import org.vae4j.examples.run.RunEvaluation;
import org.vae4j.examples.run.RunFolder;
import org.vae4j.examples.run.RunLock;
import org.vae4j.examples.run.TrainingMemory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a recipe into runs/<recipe>-<timestamp>/: config.json, data.json, metrics.csv, "
                + "train.log, checkpoints/, model.zip, eval.json, eval-per-example.csv and PNG plots.",
                "Overrides apply in this order, later winning: --config file, --set, then --epochs/--budget/--seed.",
                "Ctrl-C stops after writing a checkpoint; continue with --resume RUN_DIR."},
        footer = {"", "Examples:", "  ./vae4j train --recipe smoke",
                "  ./vae4j train --data sensors.csv --likelihood gaussian --id-column id",
                "  ./vae4j train --data ~/my-idx-images --likelihood continuous-bernoulli",
                "  ./vae4j train --recipe kingma-welling-mnist --set latentSize=10 --budget 5m",
                "  ./vae4j train --recipe iwae-vae-mnist --budget 2 --set evalImportanceSamples=500",
                "  ./vae4j train --resume runs/smoke-20250101-120000 --epochs 4"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--recipe", defaultValue = Recipes.DEFAULT, description = "Recipe to run (default: ${DEFAULT-VALUE}; "
            + "see 'vae4j recipes').")
    String recipe;

    @Option(names = "--variant", description = "Only this variant of a recipe that has several (fashion-mnist, frey-face).")
    String variant;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON file of overrides: name: value, or a "
            + "run's config.json.")
    Path configFile;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Override a recipe setting or VaeConfig field, "
            + "e.g. latentSize=10, learningRate=3e-4, encoderLayerSizes=400,400, binarization=DYNAMIC, likelihood="
            + Likelihoods.NAMES + ". Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--epochs", description = "Planned epochs (the recipe's schedule length), >= 1.")
    Integer epochs;

    @Option(names = "--budget", paramLabel = "N|Nm", description = "Stop early: after N >= 1 epochs, or after N > 0 "
            + "minutes of training (e.g. 5m, 0.5m) with a checkpoint; evaluation and plots still run.")
    String budget;

    @Option(names = "--seed", description = "Seed of data order, initialisation and noise.")
    Long seed;

    @Option(names = "--eval-seed", paramLabel = "S", description = "Seed of the importance samples of the test-set "
            + "evaluation after training (default: ${DEFAULT-VALUE}, the same as 'vae4j eval', so both give the same "
            + "number for the same model).")
    long evalSeed = RunEvaluation.DEFAULT_SEED;

    @Option(names = "--runs-dir", defaultValue = "runs", description = "Parent folder of run folders (default: ${DEFAULT-VALUE}).")
    Path runsDirectory;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue the run in RUN_DIR from its newest "
            + "checkpoint, with its config.json (only recipe settings such as epochs and budget can change).")
    Path resume;

    @Mixin
    ProgressOption progressOption;

    @Mixin
    TrainingUiOption ui;

    @Mixin
    DataOptions dataOptions;

    @Override
    public Integer call() throws IOException {
        ConfigOverrides overrides = userOverrides();
        ui.validate(spec);
        dataOptions.requireDataForCsvOptions(spec);
        if (dataOptions.given() && (resume != null || spec.commandLine().getParseResult().hasMatchedOption("--recipe"))) {
            throw CountOptions.invalid(spec, "--data", String.valueOf(dataOptions.data),
                    "not with --recipe or --resume: --data trains a new run on that data");
        }
        if (!dataOptions.given() && dataOptions.likelihood != null) {
            overrides.put("likelihood", dataOptions.likelihood);
        }
        PrintWriter out = spec.commandLine().getOut();
        List<RecipeRunner.Outcome> outcomes = new ArrayList<>();
        if (resume != null) {
            RunFolder folder = RunFolder.open(resume);
            // Taken before anything in the folder is read or written, the start-up sweep of
            // temporary files included: what this resume sees is not being changed by another writer.
            try (RunLock lock = RunLock.acquire(folder.directory(), "train --resume", this::notice)) {
                EffectiveConfig saved = folder.readConfig();
                overrides.requireSettingsOnly("--resume continues the saved VaeConfig");
                EffectiveConfig config = overrides.applyTo(saved);
                TrainingMemory.check(config);
                Recipe recipe;
                if (DataRecipe.NAME.equals(saved.recipe())) {
                    recipe = DataRecipe.fromRunFolder(folder).inFolder(folder);
                } else {
                    recipe = Recipes.named(saved.recipe());
                }
                outcomes.add(report(out, run(out, recipe, config, folder, true)));
            }
        } else if (dataOptions.given()) {
            // The data is read and checked before the run folder exists: a bad file leaves nothing behind.
            DataRecipe data = dataOptions.open(spec);
            EffectiveConfig config = overrides.applyTo(data.defaults());
            TrainingMemory.check(config);
            // Values outside the likelihood's support, as scaled with this seed's training rows:
            // refused here (one line, no run folder) unless --clip.
            data.checkSupport(config.vae().seed());
            RunFolder folder = RunFolder.create(runsDirectory, data.folderName());
            outcomes.add(report(out, run(out, data.inFolder(folder), config, folder, false)));
        } else {
            Recipe chosen = Recipes.named(recipe);
            for (Variant v : variants(chosen)) {
                EffectiveConfig base = new ConfigOverrides().putAll(v.overrides()).applyTo(
                        new EffectiveConfig(chosen.name(), v.name(), chosen.defaultSettings(), chosen.defaultConfig()));
                EffectiveConfig config = overrides.applyTo(base);
                TrainingMemory.check(config);
                String folderName = v.name().isEmpty() ? chosen.name() : chosen.name() + "-" + v.name();
                RunFolder folder = RunFolder.create(runsDirectory, folderName);
                RecipeRunner.Outcome outcome = report(out, run(out, chosen, config, folder, false));
                outcomes.add(outcome);
                if (outcome.interrupted()) {
                    break;
                }
            }
        }
        if (outcomes.size() > 1) {
            out.println();
            out.print(OutcomeTable.format(outcomes));
        }
        out.flush();
        return 0;
    }

    /** One run, shown in DL4J's training UI (session: the run folder's name) with --ui. */
    private RecipeRunner.Outcome run(PrintWriter out, Recipe recipe, EffectiveConfig config, RunFolder folder,
                                     boolean resume) throws IOException {
        if (resume) {
            return runInFolder(out, recipe, config, folder, true);   // under the lock call() took
        }
        try {
            try (RunLock lock = RunLock.acquire(folder.directory(), "train", this::notice)) {
                return runInFolder(out, recipe, config, folder, false);
            }
        } catch (IOException | RuntimeException | Error e) {
            // A new run that failed before its first checkpoint (bad data, a bad setting, too little
            // memory) has nothing to resume: its folder goes, train.log included. The one line says
            // what failed; -Dvae4j.stacktrace=true prints the trace.
            if (!hasCheckpoint(folder)) {
                CreatedFolder.removeQuietly(folder.directory(), e);
            }
            throw e;
        }
    }

    private void notice(String message) {
        spec.commandLine().getErr().println("vae4j: " + message);
        spec.commandLine().getErr().flush();
    }

    private static boolean hasCheckpoint(RunFolder folder) {
        try (var files = java.nio.file.Files.list(folder.checkpoints())) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".zip")
                    && !p.getFileName().toString().startsWith("."));
        } catch (IOException e) {
            return true;   // cannot tell: keep the folder
        }
    }

    private RecipeRunner.Outcome runInFolder(PrintWriter out, Recipe recipe, EffectiveConfig config, RunFolder folder,
                                             boolean resume) throws IOException {
        try (TrainingUiOption.Ui shown = ui.start(folder.directory().getFileName().toString())) {
            if (shown == null) {
                return RecipeRunner.run(recipe, config, folder, resume, progressOption.progress(), evalSeed);
            }
            out.println("Training UI: " + shown.address() + " (while this run trains)");
            out.flush();
            return RecipeRunner.run(recipe, config, folder, resume, progressOption.progress(), evalSeed,
                    List.of(shown.listener()));
        }
    }

    private List<Variant> variants(Recipe chosen) {
        if (variant == null) {
            return chosen.variants();
        }
        return chosen.variants().stream().filter(v -> v.name().equals(variant)).findFirst().map(List::of)
                .orElseThrow(() -> new IllegalArgumentException("Recipe " + chosen.name() + " has no variant '" + variant
                        + "'; variants: " + chosen.variants().stream().map(Variant::name).toList()));
    }

    private ConfigOverrides userOverrides() throws IOException {
        ConfigOverrides overrides = new ConfigOverrides();
        if (configFile != null) {
            overrides.addFile(configFile);
        }
        sets.forEach(overrides::set);
        if (epochs != null) {
            overrides.put("epochs", String.valueOf(CountOptions.require(spec, "--epochs", epochs, 1,
                    Integer.MAX_VALUE)));
        }
        if (budget != null) {
            Budget b = Budget.parse(budget).orElseThrow(() -> CountOptions.invalid(spec, "--budget", "'" + budget
                    + "'", "expected N >= 1 epochs or Nm > 0 minutes, e.g. 5 or 5m"));
            overrides.put(b.minutes() ? "budgetMinutes" : "budgetEpochs", b.value());
        }
        if (seed != null) {
            overrides.put("seed", String.valueOf(seed));
        }
        return overrides;
    }

    /**
     * A --budget: whole epochs, or minutes with an {@code m}. The settings behind it treat 0 as "no
     * budget", so a 0 typed here would silently train the whole schedule: refused instead.
     */
    record Budget(boolean minutes, String value) {
        static java.util.Optional<Budget> parse(String text) {
            String b = text.trim().toLowerCase(Locale.ROOT);
            boolean minutes = b.endsWith("m");
            String number = minutes ? b.substring(0, b.length() - 1) : b;
            try {
                if (minutes) {
                    return DecimalLiterals.parseFinite(number) > 0 ? java.util.Optional.of(new Budget(true, number))
                            : java.util.Optional.empty();
                }
                return number.matches("\\+?\\d{1,9}") && Integer.parseInt(number) >= 1
                        ? java.util.Optional.of(new Budget(false, number)) : java.util.Optional.empty();
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }
    }

    private static RecipeRunner.Outcome report(PrintWriter out, RecipeRunner.Outcome outcome) {
        if (outcome.lastEpoch() != null) {
            out.printf(Locale.ROOT, "Validation -ELBO %.3f nats/example after %d epochs (%s%s).%n",
                    outcome.lastEpoch().validationNegativeElbo(), outcome.lastEpoch().epoch() + 1,
                    outcome.stopReason(), outcome.budgetExpired() ? ", time budget spent" : "");
        }
        if (outcome.evaluation() != null) {
            var s = outcome.evaluation();
            out.printf(Locale.ROOT, "Test %s %s nats/example (importance sampling, k = %d, "
                    + "%d examples, eval seed %d); -ELBO %.3f.%n", RunEvaluation.quantity(outcome.config().vae()),
                    Estimates.plusMinus(s.negativeLogLikelihoodNats(),
                    s.standardErrorNats(), s.examples()), s.importanceSamples(), s.examples(), s.seed(),
                    s.negativeElboNats());
        }
        if (outcome.interrupted()) {
            out.println("Stopped with a checkpoint; continue with: ./vae4j train --resume "
                    + outcome.folder().directory());
        }
        out.println("Run folder: " + outcome.folder().directory().toAbsolutePath());
        out.flush();
        return outcome;
    }
}
