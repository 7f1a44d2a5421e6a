package org.vae4j.core.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.vae4j.core.Versions;
import org.vae4j.core.io.AtomicFiles;

/**
 * Saving and loading vae4j models. A saved model is an ordinary DL4J model zip written by
 * {@link ModelSerializer} (so {@code ModelSerializer.restoreMultiLayerNetwork} loads it) with one
 * more entry, {@value #METADATA_ENTRY}, holding {@link VaeMetadata} as JSON.
 */
public final class VaeModelFiles {

    public static final String METADATA_ENTRY = "vae4j-metadata.json";
    static final String MULTI_LAYER = "MultiLayerNetwork";
    static final String GRAPH = "ComputationGraph";

    private VaeModelFiles() {
    }

    /**
     * Writes {@code model} to {@code file} atomically: a temporary file in the same directory is
     * completed, then renamed over the target, so a crash never leaves a half-written model, and a
     * failure (a full disk) leaves neither the temporary file nor a changed target.
     */
    public static void save(VaeModel model, Path file, boolean saveUpdater) throws IOException {
        save(model, file, saveUpdater, Map.of());
    }

    /** Like {@link #save} with extra JSON entries (e.g. trainer state), name to content. */
    public static void save(VaeModel model, Path file, boolean saveUpdater, Map<String, String> extraEntries)
            throws IOException {
        AtomicFiles.writeStream(file, out -> writeZip(model, out, saveUpdater, extraEntries));
    }

    /**
     * Loads a vae4j model zip, including its updater state when present. The zip is checked before
     * DL4J reads it ({@link ModelZipCheck}); every failure is an IOException naming the file.
     */
    public static VaeModel load(Path file) throws IOException {
        ModelZipCheck.check(file);
        VaeMetadata metadata = readMetadata(file);
        VaeModel model;
        try {
            if (MULTI_LAYER.equals(metadata.networkType())) {
                model = VaeModel.wrap(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true),
                        metadata.config());
            } else if (GRAPH.equals(metadata.networkType())) {
                model = VaeModel.wrap(ModelSerializer.restoreComputationGraph(file.toFile(), true), metadata.config());
            } else {
                throw new IOException(file + ": " + METADATA_ENTRY + " has networkType '" + metadata.networkType()
                        + "', expected " + MULTI_LAYER + " or " + GRAPH);
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
                throw e;
            }
            // DL4J's messages ("Model wasnt found within file", a parameter count) do not name the file.
            throw new IOException(file + ": DL4J cannot restore the network: " + ModelZipCheck.describe(e), e);
        }
        model.setData(metadata.data());
        if (metadata.training() != null) {
            model.setTraining(metadata.training());
        }
        return model;
    }

    /** The vae4j metadata of a saved model, without loading the network. */
    public static VaeMetadata readMetadata(Path file) throws IOException {
        String json = readEntry(file, METADATA_ENTRY);
        if (json == null) {
            throw new IOException(file + " is not a vae4j model: it has no " + METADATA_ENTRY
                    + " entry. A plain DL4J model loads with ModelSerializer and VaeModel.wrap(network, config).");
        }
        try {
            return mapper().readValue(json, VaeMetadata.class);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": " + METADATA_ENTRY + " is not valid vae4j metadata: "
                    + ModelZipCheck.describe(e), e);
        }
    }

    /**
     * Text of one zip entry, or null when the zip has no such entry. A file that is not a zip, or
     * an entry that is corrupt or implausibly large, fails with an IOException naming file and entry.
     */
    public static String readEntry(Path file, String entryName) throws IOException {
        return ModelZipCheck.readText(file, entryName);
    }

    static ObjectMapper mapper() {
        return NeuralNetConfiguration.mapper();
    }

    /**
     * DL4J's zip (written to memory: ModelSerializer cannot append to a zip), copied entry by entry
     * into {@code out} with ours added. Not the JDK's zip file system: it stages its own temporary
     * file, which a full disk left behind.
     */
    private static void writeZip(VaeModel model, OutputStream out, boolean saveUpdater,
                                 Map<String, String> extraEntries) throws IOException {
        ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
        String networkType;
        if (model.network() instanceof MultiLayerNetwork net) {
            ModelSerializer.writeModel(net, dl4j, saveUpdater);
            networkType = MULTI_LAYER;
        } else if (model.network() instanceof ComputationGraph graph) {
            ModelSerializer.writeModel(graph, dl4j, saveUpdater);
            networkType = GRAPH;
        } else {
            throw new IllegalArgumentException("Unsupported network type " + model.network().getClass());
        }
        VaeMetadata metadata = new VaeMetadata(VaeMetadata.FORMAT_VERSION, networkType, model.config(),
                Versions.vae4j(), Versions.dl4j(), model.data(), model.training(), Instant.now().toString());
        ZipOutputStream zip = new ZipOutputStream(out);
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(dl4j.toByteArray()))) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                entries.transferTo(zip);
                zip.closeEntry();
            }
        }
        writeEntry(zip, METADATA_ENTRY, mapper().writerWithDefaultPrettyPrinter().writeValueAsString(metadata));
        for (Map.Entry<String, String> extra : extraEntries.entrySet()) {
            writeEntry(zip, extra.getKey(), extra.getValue());
        }
        zip.finish();
    }

    /** Top-level entries only: DL4J's ModelSerializer refuses zips that contain directory entries. */
    private static void writeEntry(ZipOutputStream zip, String name, String content) throws IOException {
        if (name.contains("/")) {
            throw new IllegalArgumentException("Zip entry '" + name + "' must not be in a directory");
        }
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
