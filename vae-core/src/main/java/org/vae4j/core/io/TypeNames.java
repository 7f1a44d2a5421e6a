package org.vae4j.core.io;

import java.io.IOException;
import java.util.List;

import org.nd4j.shade.jackson.core.JsonFactory;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.core.JsonToken;

/**
 * The type names ({@code "@class"}) a JSON document from a model zip, run folder or config file
 * may carry, checked before the document reaches DL4J's Jackson mapper. That mapper resolves
 * {@code "@class"} with {@code Class.forName}, which loads and <em>initialises</em> the named
 * class before any type check: a static initialiser anywhere on the classpath would run on a
 * crafted file. The scan reads tokens only (no tree, no class) and refuses any name outside the
 * packages of DL4J's and vae4j's configuration types.
 */
public final class TypeNames {

    /** Packages whose classes a vae4j or DL4J configuration names. */
    public static final List<String> ALLOWED_PREFIXES = List.of(
            "org.deeplearning4j.nn.conf.",
            "org.deeplearning4j.nn.weights.",
            "org.nd4j.linalg.activations.impl.",
            "org.nd4j.linalg.learning.config.",
            "org.nd4j.linalg.learning.regularization.",
            "org.nd4j.linalg.lossfunctions.impl.",
            "org.nd4j.linalg.schedule.",
            "org.vae4j.core.distribution.",
            "org.vae4j.core.config.");

    /** Deeper nesting than any configuration has: refused before a parser recursion can overflow the stack. */
    public static final int MAX_DEPTH = 200;

    private static final JsonFactory FACTORY = new JsonFactory();

    private TypeNames() {
    }

    /**
     * Refuses {@code json} when it names a type outside {@link #ALLOWED_PREFIXES} or nests deeper
     * than {@link #MAX_DEPTH}.
     *
     * @param source what the document is, for the message (e.g. "model.zip: entry configuration.json")
     * @throws IllegalArgumentException naming the source and the type; malformed JSON is left to the reader
     */
    public static void check(String json, String source) {
        try (JsonParser p = FACTORY.createParser(json)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (++depth > MAX_DEPTH) {
                        throw new IllegalArgumentException(source + ": nested more than " + MAX_DEPTH + " levels deep");
                    }
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME && "@class".equals(p.getCurrentName())) {
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.VALUE_STRING) {
                        String name = p.getText();
                        if (!allowed(name)) {
                            throw new IllegalArgumentException(source + ": type '" + shorten(name) + "' is not one vae4j "
                                    + "reads (allowed: classes in " + String.join(", ", ALLOWED_PREFIXES) + ")");
                        }
                    } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        depth++;
                    }
                }
            }
        } catch (IOException malformed) {
            // Not a type problem: the reader that follows reports it with line and column.
        }
    }

    /** Whether {@code name} is a class in one of the allowed packages (not a nested path trick). */
    public static boolean allowed(String name) {
        if (!name.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
            return false;
        }
        for (String prefix : ALLOWED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String shorten(String name) {
        return name.length() <= 120 ? name : name.substring(0, 120) + "...";
    }
}
