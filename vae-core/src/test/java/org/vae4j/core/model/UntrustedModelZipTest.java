package org.vae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.io.InitialisedMarker;

/**
 * Issue 24, rule 4: a model zip or config JSON from someone else names no class that is loaded or
 * initialised before it is checked, and its compressed entries are bounded before inflating.
 */
class UntrustedModelZipTest {

    private static final String MARKER = "org.vae4j.core.io.InitialisedMarker";
    private static final String FIXTURE = "/fixtures/model-0.1.0.zip";

    @TempDir
    Path dir;

    /** The first-release fixture with {@code entry} rewritten. */
    private Path fixtureWith(String entry, UnaryOperator<String> rewrite) throws IOException {
        Path out = dir.resolve("model.zip");
        try (InputStream in = UntrustedModelZipTest.class.getResourceAsStream(FIXTURE);
             ZipInputStream zin = new ZipInputStream(in);
             OutputStream file = Files.newOutputStream(out);
             ZipOutputStream zout = new ZipOutputStream(file)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                byte[] bytes = zin.readAllBytes();
                if (e.getName().equals(entry)) {
                    bytes = rewrite.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        return out;
    }

    @Test
    void typeNamesOutsideTheAllowListAreRefusedBeforeAnyClassIsInitialised() throws IOException {
        for (String entry : new String[] {"configuration.json", "vae4j-metadata.json"}) {
            for (String injected : new String[] {MARKER, "javax.naming.InitialContext"}) {
                Path zip = fixtureWith(entry, json -> json.replace("org.vae4j.core.distribution."
                        + "LogitBernoulliReconstructionDistribution", injected));
                IOException e = assertThrows(IOException.class, () -> VaeModel.load(zip));
                assertEquals(zip + ": entry " + entry + ": type '" + injected + "' is not one vae4j reads",
                        e.getMessage().substring(0, e.getMessage().indexOf(" (allowed")));
            }
        }
        assertNull(System.getProperty(InitialisedMarker.PROPERTY), "the named class was never initialised");
    }

    @Test
    void aConfigJsonNamingAnotherClassIsRefusedBeforeItIsInitialised() {
        String json = VaeConfig.builder().inputSize(4).encoderLayerSizes(3).decoderLayerSizes(3).latentSize(2).build()
                .toJson();
        String injected = json.replace("org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution", MARKER);
        assertTrue(!injected.equals(json), json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.fromJson(injected));
        assertTrue(e.getMessage().startsWith("VaeConfig JSON: type '" + MARKER + "' is not one vae4j reads"),
                e.getMessage());
        assertNull(System.getProperty(InitialisedMarker.PROPERTY), "the named class was never initialised");
        // Deep nesting is refused before a recursive reader could overflow the stack.
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        e = assertThrows(IllegalArgumentException.class, () -> VaeConfig.fromJson(deep));
        assertEquals("VaeConfig JSON: nested more than 200 levels deep", e.getMessage());
    }

    @Test
    void aConfigurationEntryThatInflatesBeyondItsLimitIsRefusedBeforeInflating() throws IOException {
        // 5 MiB of blanks deflate to a few kilobytes, within deflate's ratio: only the limit stops it.
        Path zip = fixtureWith("configuration.json", json -> json + " ".repeat(5 << 20));
        assertTrue(Files.size(zip) < 100_000, "a small zip: " + Files.size(zip));
        IOException e = assertThrows(IOException.class, () -> VaeModel.load(zip));
        assertTrue(e.getMessage().startsWith(zip + ": entry configuration.json declares "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" bytes, more than the 4194304 it can have"), e.getMessage());
    }

    @Test
    void theFixtureStillLoads() throws IOException {
        Path zip = fixtureWith("none", s -> s);
        assertEquals(12, VaeModel.load(zip).config().inputSize());
    }
}
