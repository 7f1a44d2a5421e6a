/**
 * The effective configuration of a run (recipe, variant, {@code RecipeSettings}, VaeConfig) and
 * how command-line and file overrides are applied and validated. Written as config.json.
 */
package org.vae4j.examples.config;
