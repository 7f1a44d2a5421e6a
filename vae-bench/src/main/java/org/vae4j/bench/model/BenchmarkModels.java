package org.vae4j.bench.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.datasets.binarize.Binarization;

/**
 * The benchmark models of {@code bench/models.json}, the one definition that vae4j and the PyTorch twins
 * ({@code bench/bench_common.py}) both read. Maven copies the file into this module's jar next to this class, so the
 * application finds it wherever it runs; the launcher rebuilds when the file changes. A malformed file fails with a
 * message naming the model and the field.
 */
public final class BenchmarkModels {

    /** Where the file lives in the repository (and in messages). */
    public static final String FILE = "bench/models.json";
    private static final String RESOURCE = "models.json";

    private static final List<BenchmarkModel> ALL = load();

    private BenchmarkModels() {
    }

    /** Every model, in the file's order. */
    public static List<BenchmarkModel> all() {
        return ALL;
    }

    /** The names of every model, in the file's order. */
    public static List<String> names() {
        return ALL.stream().map(BenchmarkModel::name).toList();
    }

    /** The model called {@code name}, if there is one. */
    public static Optional<BenchmarkModel> find(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The model called {@code name}.
     *
     * @throws IllegalArgumentException naming the models there are
     */
    public static BenchmarkModel named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no benchmark model '" + name + "' in "
                + FILE + " (one of " + String.join(", ", names()) + ")"));
    }

    /**
     * The model of the recipe called {@code name} (e.g. {@code iwae-vae-mnist}), or else the model called
     * {@code name}: the fidelity twin is named after the recipe it mirrors.
     *
     * @throws IllegalArgumentException naming the recipes and models there are
     */
    public static BenchmarkModel forRecipeOrName(String name) {
        return ALL.stream().filter(m -> m.recipe().filter(name::equals).isPresent()).findFirst()
                .or(() -> find(name))
                .orElseThrow(() -> new IllegalArgumentException("no benchmark model for '" + name + "' in " + FILE
                        + " (recipes " + ALL.stream().flatMap(m -> m.recipe().stream()).collect(Collectors.joining(", "))
                        + "; models " + String.join(", ", names()) + ")"));
    }

    private static List<BenchmarkModel> load() {
        try (InputStream in = BenchmarkModels.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not in vae-bench's jar (rebuild: ./mvnw -pl vae-bench "
                        + "package)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * The models of a {@code models.json} text.
     *
     * @throws IllegalArgumentException naming the model and the field when the text does not describe valid models
     */
    static List<BenchmarkModel> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(FILE + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        JsonNode models = root.path("models");
        if (!models.isObject() || models.size() == 0) {
            throw new IllegalArgumentException(FILE + ": no \"models\" object");
        }
        List<BenchmarkModel> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            all.add(model(e.getKey(), e.getValue()));
        }
        return List.copyOf(all);
    }

    private static BenchmarkModel model(String name, JsonNode m) {
        Fields net = new Fields(name, "network", m.path("network"));
        Fields train = new Fields(name, "training", m.path("training"));
        Optional<String> recipe = m.has("recipe") ? Optional.of(new Fields(name, "", m).text("recipe"))
                : Optional.empty();

        Activation activation = net.choice("activation", Activation.class);
        String likelihood = net.text("likelihood");
        if (!likelihood.equals("bernoulli") && !likelihood.equals("gaussian")) {
            throw net.invalid("likelihood", likelihood, "bernoulli or gaussian");
        }
        BenchmarkModel.Network network;
        if (net.node.has("sizedFromColumns")) {
            Fields s = new Fields(name, "network.sizedFromColumns", net.node.get("sizedFromColumns"));
            network = new BenchmarkModel.Network(Optional.empty(), List.of(), 0, activation, likelihood,
                    Optional.of(new BenchmarkModel.SizedFromColumns(s.positive("hiddenPerColumn"),
                            s.positive("hiddenMin"), s.positive("hiddenMax"), s.positive("columnsPerLatent"),
                            s.positive("latentMin"), s.positive("latentMax"))));
        } else {
            List<Integer> hidden = new ArrayList<>();
            JsonNode h = net.node.path("hidden");
            if (!h.isArray() || h.size() == 0) {
                throw net.invalid("hidden", h, "a non-empty list of layer sizes");
            }
            for (JsonNode size : h) {
                if (!size.canConvertToInt() || size.asInt() < 1) {
                    throw net.invalid("hidden", h, "layer sizes >= 1");
                }
                hidden.add(size.asInt());
            }
            network = new BenchmarkModel.Network(Optional.of(net.positive("inputs")), List.copyOf(hidden),
                    net.positive("latent"), activation, likelihood, Optional.empty());
        }

        UpdaterKind updater = train.choice("updater", UpdaterKind.class);
        double learningRate = train.positiveNumber("learningRate");
        SortedMap<Integer, Double> schedule = new TreeMap<>();
        if (train.node.has("learningRateByEpoch")) {
            JsonNode byEpoch = train.node.get("learningRateByEpoch");
            for (Iterator<Map.Entry<String, JsonNode>> it = byEpoch.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                try {
                    schedule.put(Integer.parseInt(e.getKey()), e.getValue().asDouble());
                } catch (NumberFormatException ex) {
                    throw train.invalid("learningRateByEpoch", e.getKey(), "epochs as whole numbers");
                }
            }
            if (!Double.valueOf(learningRate).equals(schedule.get(0))) {
                throw train.invalid("learningRateByEpoch", byEpoch, "a schedule whose epoch 0 has the learningRate "
                        + learningRate);
            }
        }
        double l2 = train.node.path("l2").asDouble(0);
        BenchmarkModel.Data data = train.choice("data", BenchmarkModel.Data.class);
        Binarization binarization = Binarization.NONE;
        int validationHeldOut = 0;
        double validationFraction = 0;
        double testFraction = 0;
        if (data == BenchmarkModel.Data.MNIST) {
            String b = train.text("binarization");
            binarization = switch (b) {
                case "threshold" -> Binarization.STATIC_THRESHOLD;
                case "dynamic" -> Binarization.DYNAMIC;
                default -> throw train.invalid("binarization", b, "threshold or dynamic");
            };
            validationHeldOut = train.node.path("validationHeldOut").asInt(-1);
            if (validationHeldOut < 0 || validationHeldOut >= BenchmarkModel.MNIST_TRAINING_IMAGES) {
                throw train.invalid("validationHeldOut", train.node.path("validationHeldOut"), "0 to 59999");
            }
        } else {
            validationFraction = train.positiveNumber("validationFraction");
            testFraction = train.positiveNumber("testFraction");
        }
        if (network.sizedFromColumns().isPresent() != (data == BenchmarkModel.Data.CSV)) {
            throw new IllegalArgumentException(FILE + ": model '" + name + "': a network sized from columns goes "
                    + "with csv data, and only with it");
        }
        return new BenchmarkModel(name, recipe, network, new BenchmarkModel.Training(updater, learningRate,
                schedule, l2, train.positive("batch"), data, binarization, validationHeldOut, validationFraction,
                testFraction));
    }

    /** The fields of one object of the file, read with errors that name the model and the field. */
    private record Fields(String model, String path, JsonNode node) {

        String text(String field) {
            JsonNode v = node.path(field);
            if (!v.isTextual()) {
                throw invalid(field, v, "a string");
            }
            return v.asText();
        }

        int positive(String field) {
            JsonNode v = node.path(field);
            if (!v.canConvertToInt() || v.asInt() < 1) {
                throw invalid(field, v, "a whole number >= 1");
            }
            return v.asInt();
        }

        double positiveNumber(String field) {
            JsonNode v = node.path(field);
            if (!v.isNumber() || !(v.asDouble() > 0)) {
                throw invalid(field, v, "a number > 0");
            }
            return v.asDouble();
        }

        <E extends Enum<E>> E choice(String field, Class<E> type) {
            String v = text(field);
            try {
                return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw invalid(field, v, "one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            }
        }

        IllegalArgumentException invalid(String field, Object value, String expected) {
            String where = path.isEmpty() ? field : path + "." + field;
            return new IllegalArgumentException(FILE + ": model '" + model + "': " + where + " = "
                    + (value instanceof JsonNode n && n.isMissingNode() ? "missing" : value) + " (expected " + expected
                    + ")");
        }
    }
}
