package org.vae4j.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** vae4j and DL4J versions, as written into the jar at build time. */
public final class Versions {

    private static final Properties PROPERTIES = load();

    private Versions() {
    }

    public static String vae4j() {
        return PROPERTIES.getProperty("vae4j.version", "unknown");
    }

    public static String dl4j() {
        return PROPERTIES.getProperty("dl4j.version", "unknown");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read org/vae4j/core/version.properties", e);
        }
        return properties;
    }
}
