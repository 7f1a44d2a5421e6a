package org.vae4j.examples.recipes;

import java.util.Map;

/**
 * One of the runs a recipe makes (e.g. latent size 2 and 10), as overrides of its defaults.
 *
 * @param name      suffix of the run folder; empty for the single run of most recipes
 * @param overrides {@code --set}-style name/value pairs
 */
public record Variant(String name, Map<String, String> overrides) {

    public static final Variant SINGLE = new Variant("", Map.of());

    public Variant {
        overrides = Map.copyOf(overrides);
    }
}
