package org.vae4j.datasets.fetch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where vae4j looks for data, in order:
 * <ol>
 *   <li>an explicit directory given by the caller;</li>
 *   <li>the system property {@value #PROPERTY}, then the environment variable {@value #ENV};</li>
 *   <li>{@code ~/.vae4j/data};</li>
 *   <li>DL4J's own cache, {@code ~/.deeplearning4j/data} (uncompressed IDX files, e.g.
 *       {@code ~/.deeplearning4j/data/MNIST/}); read-only for vae4j.</li>
 * </ol>
 * A dataset is read from the first location that holds all its files; downloads go to the first
 * location in the list that is not DL4J's cache.
 */
public final class DataDirectory {

    public static final String PROPERTY = "vae4j.data";
    public static final String ENV = "VAE4J_DATA";

    /**
     * One place to look.
     *
     * @param root      the data directory
     * @param origin    why it is on the list, for error messages
     * @param dl4jCache whether this is DL4J's cache (whose dataset subdirectories are named DL4J's way)
     */
    public record Location(Path root, String origin, boolean dl4jCache) {
    }

    private DataDirectory() {
    }

    /** The locations in resolution order, from this JVM's properties and environment. */
    public static List<Location> locations(Path explicit) {
        return locations(explicit, System.getProperty(PROPERTY), System.getenv(ENV),
                Path.of(System.getProperty("user.home")));
    }

    /** The locations in resolution order, from the given settings (for tests). */
    public static List<Location> locations(Path explicit, String property, String env, Path home) {
        List<Location> list = new ArrayList<>();
        if (explicit != null) {
            list.add(new Location(explicit.toAbsolutePath(), "explicit directory", false));
        }
        if (property != null && !property.isBlank()) {
            list.add(new Location(Path.of(property).toAbsolutePath(), "system property " + PROPERTY, false));
        }
        if (env != null && !env.isBlank()) {
            list.add(new Location(Path.of(env).toAbsolutePath(), "environment variable " + ENV, false));
        }
        list.add(new Location(home.resolve(".vae4j").resolve("data"), "default ~/.vae4j/data", false));
        list.add(new Location(home.resolve(".deeplearning4j").resolve("data"), "DL4J cache ~/.deeplearning4j/data",
                true));
        return List.copyOf(list);
    }

    /** Where downloads go: the first location that is not DL4J's cache. */
    public static Location downloadLocation(List<Location> locations) {
        return locations.stream().filter(Predicate.not(Location::dl4jCache)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no writable data directory in " + locations));
    }

    /** "  /a/b (explicit directory)" lines for an error message listing where we looked. */
    public static String describe(List<Path> looked, List<Location> locations) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < looked.size(); i++) {
            s.append("\n  ").append(looked.get(i)).append(" (").append(locations.get(i).origin()).append(')');
        }
        return s.toString();
    }
}
