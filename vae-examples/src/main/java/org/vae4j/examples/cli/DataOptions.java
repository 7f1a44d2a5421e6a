package org.vae4j.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.vae4j.examples.config.Likelihoods;
import org.vae4j.examples.recipes.CsvDataRecipe;
import org.vae4j.examples.recipes.DataRecipe;
import org.vae4j.examples.recipes.DataSource;
import org.vae4j.examples.recipes.IdxDataRecipe;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code train --data}: the user's own CSV table or directory of IDX images, and how to read it. */
final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE.csv|DIR", description = "Train on your own data instead of a "
            + "recipe: a CSV file with a header line, or a directory with *train*images*idx3-ubyte[.gz] and "
            + "*t10k*|*test*images*idx3-ubyte[.gz] files of any image size.")
    Path data;

    @Option(names = "--likelihood", paramLabel = "NAME", description = "p(x|z) of the data (of a CSV's numeric "
            + "columns; one-hot columns get a categorical one): " + Likelihoods.NAMES + ". Default: gaussian for "
            + "CSV, bernoulli (dynamically binarized) for images. With a recipe: the same as --set likelihood=NAME.")
    String likelihood;

    @Option(names = "--columns", split = ",", paramLabel = "NAME[,NAME...]", description = "CSV: the columns to use, "
            + "in order (default: all but --id-column).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--categorical", split = ",", paramLabel = "NAME", description = "CSV: a column of category "
            + "names, one-hot encoded with the categories the file uses. Repeatable.")
    List<String> categorical = new ArrayList<>();

    @Option(names = "--condition", split = ",", paramLabel = "NAME[,NAME...]", description = "CSV: train a "
            + "conditional VAE, p(x|z, c) and q(z|x, c), on these columns as the condition c (numeric ones scaled "
            + "like the others, those in --categorical one-hot); score then ranks rows by -log p(x|c).")
    List<String> condition = new ArrayList<>();

    @Option(names = "--id-column", paramLabel = "NAME", description = "CSV: a column that names rows: not a feature, "
            + "copied into score reports.")
    String idColumn;

    @Option(names = "--scaling", paramLabel = "none|min-max|standardize", description = "CSV: scaling of numeric "
            + "columns, fitted on the training rows (default: min-max for bernoulli and continuous-bernoulli, none "
            + "for count likelihoods, else standardize).")
    String scaling;

    @Option(names = "--validation-fraction", defaultValue = "0.1", paramLabel = "F", description = "CSV: share of "
            + "rows held out for validation, and for score thresholds (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--test-fraction", defaultValue = "0.1", paramLabel = "F", description = "CSV: share of rows "
            + "held out for the test log-likelihood (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--clip", description = "CSV: clip values outside the likelihood's support (after scaling; e.g. "
            + "[0, 1] for bernoulli, non-negative integers for poisson) into it, with one warning counting them by "
            + "column, instead of refusing the file. Recorded in the run: --resume and score read new rows the same "
            + "way.")
    boolean clip;

    boolean given() {
        return data != null;
    }

    /** Options that only make sense with --data, refused without it. */
    void requireDataForCsvOptions(CommandSpec spec) {
        for (String option : List.of("--columns", "--categorical", "--condition", "--id-column", "--scaling",
                "--validation-fraction", "--test-fraction", "--clip")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option) && data == null) {
                throw CountOptions.invalid(spec, option, "given", "only with --data FILE.csv");
            }
        }
    }

    /** Reads and checks the data (before a run folder exists). */
    DataRecipe open(CommandSpec spec) throws IOException {
        if (Files.isDirectory(data)) {
            for (String option : List.of("--columns", "--categorical", "--condition", "--id-column", "--scaling",
                    "--validation-fraction", "--test-fraction", "--clip")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw CountOptions.invalid(spec, option, "given", "only for CSV data, not a directory of images");
                }
            }
            return IdxDataRecipe.open(data, likelihood == null ? "bernoulli" : likelihood);
        }
        DataSource.Scaling scale;
        try {
            scale = scaling == null ? null : DataSource.Scaling.parse(scaling);
        } catch (IllegalArgumentException e) {
            throw CountOptions.invalid(spec, "--scaling", "'" + scaling + "'", "none, min-max or standardize");
        }
        return CsvDataRecipe.open(data, columns, categorical, condition, idColumn,
                likelihood == null ? "gaussian" : likelihood, scale, validationFraction, testFraction, clip);
    }
}
