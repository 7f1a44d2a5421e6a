package org.vae4j.examples.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.nd4j.shade.jackson.core.JsonLocation;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.JsonNodeFactory;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.nd4j.shade.jackson.databind.node.TextNode;
import org.nd4j.shade.jackson.dataformat.yaml.YAMLFactory;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vae4j.core.config.InvalidConfigException;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.io.DecimalLiterals;
import org.vae4j.core.config.VaeConfig;

/**
 * Overrides of a recipe's defaults, applied in the order they were added (recipe variant, then
 * {@code --config} file, then {@code --set}, then dedicated options), so later ones win.
 *
 * <p>A key names a {@link RecipeSettings} field, a {@link VaeConfig} field, {@code learningRate}
 * (the initial rate: a constant rate is replaced, a schedule scaled), {@code updater} (a name such
 * as {@code adagrad}, keeping the rate or schedule; or a DL4J updater object in a config file), or
 * {@code likelihood} (a short name for the reconstruction distribution, see {@link Likelihoods}). Values are written
 * as on the command line ({@code latentSize=10}, {@code encoderLayerSizes=200,200}); the
 * VaeConfig and RecipeSettings constructors then validate the result, so a bad value fails with
 * the field, the value and the allowed range.
 */
public final class ConfigOverrides {

    private static final ObjectMapper JSON = EffectiveConfig.MAPPER;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, JsonNode> values = new LinkedHashMap<>();

    /** Adds {@code key=value}. */
    public ConfigOverrides set(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--set expects name=value, got '" + assignment + "'");
        }
        return put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }

    public ConfigOverrides put(String key, String value) {
        values.remove(key); // keep insertion order = precedence order
        values.put(key, TextNode.valueOf(value));
        return this;
    }

    public ConfigOverrides putAll(Map<String, String> overrides) {
        overrides.forEach(this::put);
        return this;
    }

    /**
     * Adds every key of a YAML ({@code .yaml}, {@code .yml}) or JSON file: either a flat map of
     * the same keys as {@code --set}, or a run folder's config.json ({@code settings} and
     * {@code vae} sections).
     */
    public ConfigOverrides addFile(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, Files.isDirectory(file)
                    ? "--config needs a file, this is a folder" : "config file not found");
        }
        // Unreadable (permissions) or not UTF-8 (file, line, column): the IOException says so.
        String text = org.vae4j.datasets.Utf8Text.read(file);
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new IllegalArgumentException("Config file " + file + " is not valid "
                    + (mapper == YAML ? "YAML" : "JSON") + where + ": " + e.getOriginalMessage().lines()
                    .findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Config file " + file + " must hold a map of name: value");
        }
        for (String section : List.of("settings", "vae")) {
            if (root.get(section) instanceof ObjectNode nested) {
                nested.fields().forEachRemaining(e -> putNode(e.getKey(), e.getValue()));
            }
        }
        root.fields().forEachRemaining(e -> {
            if (!List.of("settings", "vae", "recipe", "variant").contains(e.getKey())) {
                putNode(e.getKey(), e.getValue());
            }
        });
        return this;
    }

    private void putNode(String key, JsonNode value) {
        values.remove(key);
        values.put(key, value);
    }

    /** Fails unless every key is a {@link RecipeSettings} field. */
    public void requireSettingsOnly(String why) {
        var settingNames = JSON.valueToTree(new RecipeSettings(1, 1,
                org.vae4j.datasets.binarize.Binarization.NONE, -1, 1, -1, 0, 0, 0)).fieldNames();
        java.util.Set<String> allowed = new TreeSet<>();
        settingNames.forEachRemaining(allowed::add);
        for (String key : values.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("Cannot override '" + key + "' here: " + why
                        + "; only recipe settings (" + String.join(", ", allowed) + ") can change");
            }
        }
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Map<String, JsonNode> values() {
        return Map.copyOf(values);
    }

    /** {@code base} with every override applied and validated. */
    public EffectiveConfig applyTo(EffectiveConfig base) {
        ObjectNode settings = JSON.valueToTree(base.settings());
        ObjectNode vae;
        try {
            vae = (ObjectNode) JSON.readTree(base.vae().toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (key.equals("likelihood")) {
                vae.set("reconstructionDistribution", Likelihoods.json(value.asText()));
            } else if (key.equals(LEARNING_RATE)) {
                // The initial rate: VaeConfig's JSON reader applies it to the updater, scaling a schedule.
                vae.set(LEARNING_RATE, coerce("VaeConfig." + LEARNING_RATE, value, JsonNodeFactory.instance.numberNode(0.0)));
            } else if (key.equals(UPDATER) && value.isTextual()) {
                vae.set(UPDATER, updaterJson(value.asText(), vae.get(UPDATER)));
            } else if (settings.has(key)) {
                settings.set(key, coerce("RecipeSettings." + key, value, settings.get(key)));
            } else if (vae.has(key)) {
                vae.set(key, coerce("VaeConfig." + key, value, vae.get(key)));
            } else {
                throw new IllegalArgumentException("Unknown setting '" + key + "'. Recipe settings: "
                        + names(settings) + "; VaeConfig: " + names(vae) + ", " + LEARNING_RATE + "; or likelihood ("
                        + Likelihoods.NAMES + ")");
            }
        }
        return new EffectiveConfig(base.recipe(), base.variant(), settingsFrom(settings),
                VaeConfig.fromJson(vae.toString()));
    }

    private static final String LEARNING_RATE = "learningRate";
    private static final String UPDATER = "updater";

    /** {@code --set updater=NAME}: DL4J's updater of that kind, keeping the current rate or schedule. */
    private static JsonNode updaterJson(String name, JsonNode current) {
        try {
            ObjectMapper dl4j = org.deeplearning4j.nn.conf.NeuralNetConfiguration.mapper();
            IUpdater now = dl4j.treeToValue(current, IUpdater.class);
            return JSON.readTree(dl4j.writeValueAsString(UpdaterKind.parse(name).withRateOf(now)));
        } catch (IOException e) {
            throw new IllegalStateException("The current updater " + current + " could not be read", e);
        }
    }

    /** Builds settings from JSON, surfacing the record's own validation error unchanged. */
    static RecipeSettings settingsFrom(ObjectNode node) {
        try {
            return JSON.treeToValue(node, RecipeSettings.class);
        } catch (IOException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidConfigException invalid) {
                    throw invalid;
                }
            }
            throw new IllegalArgumentException("Invalid recipe settings: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /** Converts a command-line string to the JSON type the field already has. */
    private static JsonNode coerce(String field, JsonNode value, JsonNode current) {
        if (!value.isTextual()) {
            return value; // from a config file: already typed
        }
        String text = value.asText();
        JsonNodeFactory f = JsonNodeFactory.instance;
        try {
            if (current.isIntegralNumber()) {
                return f.numberNode(Long.parseLong(text.replace("_", "")));
            }
            if (current.isNumber()) {
                // Decimal literals only: Double.parseDouble would take 1d, 2f, 0x1p3 and NaN.
                return f.numberNode(DecimalLiterals.parseFinite(text));
            }
            if (current.isBoolean()) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new NumberFormatException();
                }
                return f.booleanNode(Boolean.parseBoolean(text));
            }
            if (current.isArray()) {
                ArrayNode array = f.arrayNode();
                String items = text.replace("[", "").replace("]", "");
                if (items.isBlank()) {
                    return array;   // "" or "[]": an empty list
                }
                // -1 keeps trailing empty items: "400,,400" and "400," are typos, not [400, 400] and [400].
                for (String part : items.split(",", -1)) {
                    if (part.isBlank()) {
                        throw new InvalidConfigException(field, "'" + text + "'", "has an empty item; expected "
                                + "comma-separated integers, e.g. 400,400");
                    }
                    array.add(Integer.parseInt(part.trim()));
                }
                return array;
            }
            if (current.isTextual() || current.isNull()) {
                // Every text field of VaeConfig and RecipeSettings is an enum (updater, binarization,
                // hiddenActivation, dataType): accept any case and dashes.
                return TextNode.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
        } catch (NumberFormatException e) {
            String kind = current.isArray() ? "comma-separated integers" : current.isIntegralNumber() ? "an integer"
                    : current.isBoolean() ? "true or false" : "a number";
            throw new InvalidConfigException(field, "'" + text + "'", "must be " + kind);
        }
        throw new InvalidConfigException(field, "'" + text + "'", "cannot be set from the command line; use a "
                + "config file (or 'likelihood' for the reconstruction distribution)");
    }

    private static String names(ObjectNode node) {
        TreeSet<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return String.join(", ", new ArrayList<>(names));
    }
}
