package org.vae4j.examples.config;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.vae4j.core.config.VaeConfig;

/**
 * Everything a run was trained with: the recipe, its variant, the recipe settings and the
 * VaeConfig. Written as the run folder's config.json; {@code train --resume} and
 * {@code --config} read it back.
 */
public record EffectiveConfig(String recipe, String variant, RecipeSettings settings, VaeConfig vae) {

    static final ObjectMapper MAPPER = new ObjectMapper();

    public String toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("recipe", recipe);
        root.put("variant", variant);
        root.set("settings", MAPPER.valueToTree(settings));
        try {
            root.set("vae", MAPPER.readTree(vae.toJson()));
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("config could not be written as JSON", e);
        }
    }

    public static EffectiveConfig fromJson(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (!root.has("settings") || !root.has("vae") || !root.has("recipe")) {
                throw new IllegalArgumentException("Not a vae4j run config: needs 'recipe', 'settings' and 'vae'");
            }
            RecipeSettings settings = ConfigOverrides.settingsFrom((ObjectNode) root.get("settings"));
            VaeConfig vae = VaeConfig.fromJson(root.get("vae").toString());
            return new EffectiveConfig(root.get("recipe").asText(), root.path("variant").asText(""), settings, vae);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getMessage(), e);
        }
    }
}
