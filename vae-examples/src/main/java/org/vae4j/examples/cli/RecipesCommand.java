package org.vae4j.examples.cli;

import java.util.concurrent.Callable;

import org.vae4j.examples.recipes.Recipe;
import org.vae4j.examples.recipes.Recipes;
import org.vae4j.examples.recipes.Variant;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "recipes", mixinStandardHelpOptions = true,
        description = "List the recipes, or describe one: what it reproduces, its variants and its default config "
                + "(every value can be overridden with train --set or --config).")
final class RecipesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RECIPE", description = "Recipe to describe.")
    String name;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (name == null) {
            for (Recipe r : Recipes.all()) {
                out.printf("%-22s %s%n", r.name(), r.summary());
            }
            out.println();
            out.println("'vae4j recipes NAME' describes one; 'vae4j train --recipe NAME' runs it.");
        } else {
            Recipe r = Recipes.named(name);
            out.println(r.name() + ": " + r.summary());
            out.println();
            out.println(r.description());
            out.println();
            if (r.variants().size() > 1) {
                out.println("Variants (trained in turn; pick one with --variant):");
                for (Variant v : r.variants()) {
                    out.println("  " + v.name() + "  " + v.overrides());
                }
                out.println();
            }
            out.println("Default config (config.json of a run; override any value with --set NAME=VALUE):");
            out.print(r.defaults().toJson());
        }
        out.flush();
        return 0;
    }
}
