package org.vae4j.examples.recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.vae4j.datasets.tabular.TabularSchema;
import org.vae4j.examples.run.RunFolder;

/**
 * What {@code train --data} trains on and how it reads it, saved as the run folder's
 * {@value DataRecipe#SOURCE} so that {@code --resume} and {@code score} read the data the same way.
 *
 * @param kind               a CSV table or a directory of IDX image files
 * @param path               the file or directory, absolute in memory; saved relative to the run
 *                           folder (a run folder may come from someone else: it must not point vae4j
 *                           anywhere on this machine, and a project copied as a whole keeps working)
 * @param likelihood         the likelihood's short name ({@link org.vae4j.examples.config.Likelihoods}),
 *                           for the numeric columns of a table or for every pixel
 * @param schema             CSV: the columns used, in feature order (a conditional VAE's condition
 *                           columns last, marked); null for images
 * @param idColumn           CSV: a column copied into score reports to name rows, or null
 * @param scaling            CSV: how numeric columns are scaled (fitted on the training split)
 * @param validationFraction CSV: share of rows held out for validation (and score thresholds)
 * @param testFraction       CSV: share of rows held out for the test log-likelihood
 * @param clip               CSV: values outside the likelihood's support (after scaling) are clipped
 *                           into it ({@code --clip}) rather than refused ({@link SupportRule})
 * @param fileSha256         SHA-256 of the data files when training started, by file name
 */
public record DataSource(Kind kind, Path path, String likelihood, TabularSchema schema, String idColumn,
                         Scaling scaling, double validationFraction, double testFraction, boolean clip,
                         Map<String, String> fileSha256) {

    /** The two kinds of own data the CLI reads. */
    public enum Kind { CSV, IDX }

    /** How a table's numeric columns are scaled before training (one-hot columns never are). */
    public enum Scaling {
        /** As they are (counts for Poisson and negative binomial likelihoods). */
        NONE,
        /** To [0, 1] on the training split (other rows may fall outside it: {@link SupportRule} decides). */
        MIN_MAX,
        /** Zero mean, unit variance on the training split. */
        STANDARDIZE;

        public static Scaling parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "none" -> NONE;
                case "min-max", "minmax", "min_max" -> MIN_MAX;
                case "standardize", "standardise", "z-score" -> STANDARDIZE;
                default -> throw new IllegalArgumentException("--scaling '" + text
                        + "': expected none, min-max or standardize");
            };
        }

        /** The scaling a likelihood's support asks for, when none is given. */
        public static Scaling defaultFor(String likelihood) {
            // By canonical name, so that an alias (logit-bernoulli) gets its likelihood's default.
            return switch (org.vae4j.examples.config.Likelihoods.nameOf(
                    org.vae4j.examples.config.Likelihoods.of(likelihood))) {
                case "bernoulli", "continuous-bernoulli" -> MIN_MAX;
                case "poisson", "negative-binomial", "discretized-logistic" -> NONE;
                default -> STANDARDIZE;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public DataSource {
        fileSha256 = fileSha256 == null ? Map.of() : Map.copyOf(fileSha256);
    }

    public DataSource withFileSha256(Map<String, String> sha256) {
        return new DataSource(kind, path, likelihood, schema, idColumn, scaling, validationFraction, testFraction,
                clip, sha256);
    }

    /** The rule for values outside the likelihood's support that this data is read with. */
    public SupportRule supportRule() {
        return SupportRule.of(likelihood, clip);
    }

    /** Saves this as {@code runFolder}'s {@value DataRecipe#SOURCE} unless it has one (a resumed run keeps its own). */
    public void saveUnlessPresent(RunFolder runFolder) throws IOException {
        if (!Files.exists(runFolder.resolve(DataRecipe.SOURCE))) {
            runFolder.writeText(DataRecipe.SOURCE, toJson(runFolder.directory()));
        }
    }

    /** The JSON saved as {@code runDirectory}'s {@value DataRecipe#SOURCE}, its path relative to that folder. */
    public String toJson(Path runDirectory) {
        ObjectNode root = JSON.createObjectNode();
        root.put("kind", kind.name());
        root.put("path", runDirectory.toAbsolutePath().normalize().relativize(path.toAbsolutePath().normalize())
                .toString());
        root.put("likelihood", likelihood);
        if (schema != null) {
            ArrayNode columns = root.putArray("columns");
            for (TabularSchema.Column c : schema.columns()) {
                ObjectNode column = columns.addObject();
                column.put("name", c.name());
                if (!c.numeric()) {
                    ArrayNode categories = column.putArray("categories");
                    c.categories().forEach(categories::add);
                }
                if (c.condition()) {
                    column.put("condition", true);
                }
            }
            if (idColumn != null) {
                root.put("idColumn", idColumn);
            }
            root.put("scaling", scaling.name());
            root.put("validationFraction", validationFraction);
            root.put("testFraction", testFraction);
            root.put("clip", clip);
        }
        ObjectNode sha = root.putObject("fileSha256");
        fileSha256.forEach(sha::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads what {@link #toJson} wrote to {@code file}, resolving its path against the folder
     * {@code file} is in. An absolute path is refused: an untrusted run folder must not name a file
     * elsewhere on this machine. {@code file} names the source in errors.
     */
    public static DataSource fromJson(String json, Path file) throws IOException {
        try {
            JsonNode root = JSON.readTree(json);
            Path path = Path.of(root.get("path").asText());
            if (path.isAbsolute()) {
                throw new IOException(file + ": path '" + path + "' is absolute; a run folder names its data relative "
                        + "to itself (as vae4j writes it, e.g. ../../data.csv)");
            }
            path = file.toAbsolutePath().getParent().resolve(path).normalize();
            Kind kind = Kind.valueOf(root.get("kind").asText());
            TabularSchema schema = null;
            if (root.has("columns")) {
                List<TabularSchema.Column> columns = new ArrayList<>();
                for (JsonNode c : root.get("columns")) {
                    List<String> categories = new ArrayList<>();
                    c.path("categories").forEach(v -> categories.add(v.asText()));
                    columns.add(new TabularSchema.Column(c.get("name").asText(), categories,
                            c.path("condition").asBoolean(false)));
                }
                schema = new TabularSchema(columns);
            }
            Map<String, String> sha = new LinkedHashMap<>();
            root.path("fileSha256").fields().forEachRemaining(e -> sha.put(e.getKey(), e.getValue().asText()));
            String likelihood = root.get("likelihood").asText();
            // An unknown name would otherwise only fail, or worse be defaulted, deep inside scaling.
            org.vae4j.examples.config.Likelihoods.of(likelihood);
            // A run folder written before --clip existed: what its data was read with then (CSV
            // values outside [0, 1] clipped for the two Bernoulli likelihoods, refused otherwise).
            if (root.has("clip") && !root.get("clip").isBoolean()) {
                throw new IllegalArgumentException("clip is " + root.get("clip") + ", not true or false");
            }
            boolean clip = root.has("clip") ? root.get("clip").booleanValue()
                    : kind == Kind.CSV && (likelihood.equals("bernoulli") || likelihood.equals("continuous-bernoulli"));
            return new DataSource(kind, path, likelihood, schema,
                    root.hasNonNull("idColumn") ? root.get("idColumn").asText() : null,
                    root.has("scaling") ? Scaling.valueOf(root.get("scaling").asText()) : Scaling.NONE,
                    root.path("validationFraction").asDouble(0), root.path("testFraction").asDouble(0), clip, sha);
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(file.toString()) ? e
                    : new IOException(file + ": not a valid vae4j data source (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a valid vae4j data source (" + e.getMessage() + ")", e);
        }
    }
}
