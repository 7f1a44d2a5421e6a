package org.vae4j.examples.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

import org.vae4j.examples.run.RunFolder;

/**
 * The user's own data as a recipe ({@code train --data FILE.csv | DIR}): not a paper's
 * experiment but a model sized from the data, so training gets everything a recipe run gets (run
 * folder, checkpoints, resume, metrics.csv, evaluation, plots where they apply). Two kinds, each
 * its own immutable recipe: a CSV table ({@link CsvDataRecipe}) and a directory of IDX images
 * ({@link IdxDataRecipe}). What they share is here: the recipe name every such run records, the
 * run folder's {@value #SOURCE} and reopening a run's data from it.
 */
public sealed interface DataRecipe extends Recipe permits CsvDataRecipe, IdxDataRecipe {

    String NAME = "data";
    /** The run folder's description of the data ({@link DataSource}). */
    String SOURCE = "data-source.json";

    /** What is trained on and how it is read, as saved in {@value #SOURCE}. */
    DataSource source();

    /**
     * Refuses, before a run folder exists, data the likelihood cannot model as training from
     * {@code seed} would feed it (see {@link CsvDataRecipe#checkSupport}; images are scaled into
     * [0, 1] and not checked here).
     */
    void checkSupport(long seed) throws IOException;

    /**
     * This recipe writing into {@code runFolder}: writes {@value #SOURCE} there unless it exists
     * (a resumed run keeps its own); a CSV recipe also writes its fitted scaler there when it loads
     * the data.
     */
    DataRecipe inFolder(RunFolder runFolder) throws IOException;

    /** The data of an existing {@code train --data} run, read as it was read then. */
    static DataRecipe fromRunFolder(RunFolder folder) throws IOException {
        Path file = folder.resolve(SOURCE);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "a train --data run keeps its data description here");
        }
        DataSource saved = DataSource.fromJson(Files.readString(file), file);
        requireRecorded(saved.path(), folder);
        DataRecipe recipe;
        if (saved.kind() == DataSource.Kind.CSV) {
            recipe = CsvDataRecipe.reread(saved, folder);
        } else {
            verifyImageFiles(saved, folder);
            recipe = IdxDataRecipe.open(saved.path(), saved.likelihood());
        }
        if (!recipe.source().fileSha256().equals(saved.fileSha256())) {
            throw new IOException(saved.path() + " changed since the run in " + folder.directory() + " started (SHA-256 "
                    + saved.fileSha256() + ", now " + recipe.source().fileSha256() + "); the run's splits and "
                    + "scaling would not be the same");
        }
        return recipe;
    }

    /**
     * The IDX files a run recorded, each checked against its SHA-256 before any is parsed, as
     * {@link CsvDataRecipe#reread} does for a CSV: the recorded names are plain file names in the directory.
     */
    private static void verifyImageFiles(DataSource saved, RunFolder folder) throws IOException {
        if (saved.fileSha256().isEmpty()) {
            throw new IOException(folder.resolve(SOURCE) + ": fileSha256 is empty; the run's IDX files cannot be verified");
        }
        for (Map.Entry<String, String> recorded : saved.fileSha256().entrySet()) {
            Path name = Path.of(recorded.getKey());
            if (name.getNameCount() != 1 || name.isAbsolute() || recorded.getKey().equals("..")) {
                throw new IOException(folder.resolve(SOURCE) + ": fileSha256 names '" + recorded.getKey()
                        + "', not a file name in the data directory");
            }
            Path file = saved.path().resolve(name);
            // Recorded as the IDX reader hashes: the uncompressed content.
            String actual = Files.isRegularFile(file) ? org.vae4j.datasets.Sha256.ofContent(file) : "no such file";
            if (!actual.equals(recorded.getValue())) {
                throw new IOException(file + " is not the file the run in " + folder.directory() + " was trained on "
                        + "(SHA-256 " + recorded.getValue() + ", the file has " + actual + "); not reading it");
            }
        }
    }

    /** The data a run folder names is where its data-source.json says, or the one line says how to fix it. */
    private static void requireRecorded(Path data, RunFolder folder) throws IOException {
        if (!Files.exists(data)) {
            throw new NoSuchFileException(folder.resolve(SOURCE).toString(), null, "the run's data, "
                    + folder.directory().toAbsolutePath().normalize().relativize(data) + " from the run folder ("
                    + data + "), is not there: the run folder or its data moved; put the data there, or correct "
                    + "\"path\" (its SHA-256 is checked)");
        }
    }

    /** Run folder name: the file's or directory's name. */
    default String folderName() {
        String name = source().path().getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    default String name() {
        return NAME;
    }

    @Override
    default String summary() {
        return "your own data: train --data FILE.csv | DIR (IDX images); a model sized from the data";
    }

    @Override
    default String description() {
        return """
                Trains on your own data: a CSV table (train --data FILE.csv; numeric and one-hot categorical
                columns; rows split into train/validation/test; numeric columns scaled on the training rows,
                the scaler saved as scaler.json) or a directory of IDX image files of any size (train --data DIR).
                The model is sized from the data; every value can be overridden with --set. Score new rows
                with: ./vae4j score RUN_DIR --data new.csv.
                """.strip();
    }
}
