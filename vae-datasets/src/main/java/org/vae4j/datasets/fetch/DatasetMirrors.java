package org.vae4j.datasets.fetch;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The public mirrors of each dataset, in the order tried: the one place these URLs are listed.
 * The system property {@code vae4j.mirror.<dataset>} (comma-separated base URLs) replaces a
 * dataset's list, e.g. {@code -Dvae4j.mirror.mnist=http://127.0.0.1:8080/mnist/} for a local
 * mirror or a test server.
 */
public final class DatasetMirrors {

    public static final String PROPERTY_PREFIX = "vae4j.mirror.";

    private static final Map<String, List<String>> DEFAULT_BASE_URLS = Map.of(
            // The original yann.lecun.com/exdb/mnist/ now often refuses downloads; these two serve
            // the same gzip files (PyTorch's and TensorFlow's mirrors).
            "mnist", List.of(
                    "https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/"),
            "fashion-mnist", List.of(
                    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"));

    private DatasetMirrors() {
    }

    /** Base URLs (ending in '/') for {@code dataset}: the property's if set, else the defaults. */
    public static List<URI> baseUrls(String dataset) {
        String override = System.getProperty(PROPERTY_PREFIX + dataset);
        List<String> urls = override != null && !override.isBlank()
                ? Arrays.stream(override.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : DEFAULT_BASE_URLS.get(dataset);
        if (urls == null) {
            throw new IllegalArgumentException("no mirrors known for dataset '" + dataset + "'; known: "
                    + DEFAULT_BASE_URLS.keySet() + " (or set -D" + PROPERTY_PREFIX + dataset + "=<base url>)");
        }
        return urls.stream().map(u -> URI.create(u.endsWith("/") ? u : u + "/")).toList();
    }
}
