package org.vae4j.examples.recipes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recipes the CLI knows, by name. */
public final class Recipes {

    /** The README's main command trains this one. */
    public static final String DEFAULT = SmokeRecipe.NAME;

    private static final Map<String, Recipe> ALL = new LinkedHashMap<>();

    static {
        for (Recipe r : List.of(new SmokeRecipe(), new KingmaWellingMnistRecipe(), new IwaeVaeMnistRecipe(),
                new IwaeMnistRecipe(),
                new FreyFaceRecipe(), new FashionMnistRecipe(), new Mnist2dRecipe(), new MnistAnomalyRecipe(),
                new CvaeMnistRecipe())) {
            ALL.put(r.name(), r);
        }
    }

    private Recipes() {
    }

    public static List<Recipe> all() {
        return List.copyOf(ALL.values());
    }

    public static Recipe named(String name) {
        Recipe recipe = ALL.get(name);
        if (recipe == null) {
            throw new IllegalArgumentException("Unknown recipe '" + name + "'; available: "
                    + String.join(", ", ALL.keySet()));
        }
        return recipe;
    }
}
