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

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vae4j.core.Versions;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.io.AtomicFiles;

/**
 * Saving and loading vae4j models. A saved model is an ordinary DL4J model zip written by
 * {@link ModelSerializer} (so {@code ModelSerializer.restoreMultiLayerNetwork} loads it) with one
 * more entry, {@value #METADATA_ENTRY}, holding {@link VaeMetadata} as JSON.
 */
public final class VaeModelFiles {

    public static final String METADATA_ENTRY = "vae4j-metadata.json";
    /** The network configuration entry DL4J's ModelSerializer writes. */
    static final String DL4J_CONFIGURATION_ENTRY = ModelSerializer.CONFIGURATION_JSON;
    private static final Logger LOG = LoggerFactory.getLogger(VaeModelFiles.class);
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
     * DL4J reads it ({@link ModelZipCheck}); every failure is an IOException naming the file. A
     * plain DL4J model zip (no vae4j metadata) whose network has a VariationalAutoencoder layer
     * loads too, with the config derived from the network ({@link VaeNetworks#configOf}); the log
     * says so.
     */
    public static VaeModel load(Path file) throws IOException {
        ModelZipCheck.check(file);
        if (readEntry(file, METADATA_ENTRY) == null) {
            return loadPlainDl4j(file);
        }
        VaeMetadata metadata = readMetadata(file);
        Model network;
        try {
            if (MULTI_LAYER.equals(metadata.networkType())) {
                network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
            } else if (GRAPH.equals(metadata.networkType())) {
                network = ModelSerializer.restoreComputationGraph(file.toFile(), true);
            } else {
                throw new IOException(file + ": " + METADATA_ENTRY + " has networkType '" + metadata.networkType()
                        + "', expected " + MULTI_LAYER + " or " + GRAPH);
            }
        } catch (IOException | RuntimeException e) {
            throw namingTheFile(file, e);
        }
        VaeConfig config = metadata.config();
        VaeModel model;
        try {
            if (metadata.formatVersion() < 2) {
                // vae4j 0.1 kept learning-rate schedules out of the config and put them into the
                // network after building it: the network's updater is the one that trained.
                config = config.toBuilder().updater(VaeNetworks.configOf(network).updater()).build();
            }
            model = network instanceof MultiLayerNetwork net ? VaeModel.wrap(net, config)
                    : VaeModel.wrap((ComputationGraph) network, config);
        } catch (RuntimeException e) {
            // A configuration DL4J restored but left incomplete (a field missing from an edited or
            // damaged configuration.json) fails here, in DL4J's getters: name the file.
            throw new IOException(file + ": the network in " + DL4J_CONFIGURATION_ENTRY + " does not match "
                    + METADATA_ENTRY + " or is incomplete: " + ModelZipCheck.describe(e), e);
        }
        model.setData(metadata.data());
        if (metadata.training() != null) {
            model.setTraining(metadata.training());
        }
        return model;
    }

    private static VaeModel loadPlainDl4j(Path file) throws IOException {
        String configuration = readEntry(file, DL4J_CONFIGURATION_ENTRY);
        if (configuration == null) {
            throw new IOException(file + " is neither a vae4j nor a DL4J model zip: it has no " + METADATA_ENTRY
                    + " and no " + DL4J_CONFIGURATION_ENTRY + " entry");
        }
        Model network;
        try {
            boolean graph = mapper().readTree(configuration).has("vertices");
            network = graph ? ModelSerializer.restoreComputationGraph(file.toFile(), true)
                    : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw namingTheFile(file, e);
        }
        VaeModel model;
        try {
            model = VaeModel.wrap(network);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is a DL4J model but not one vae4j can use: " + e.getMessage(), e);
        }
        LOG.info("{} is a plain DL4J model (no {}): using the config derived from its network, {}", file,
                METADATA_ENTRY, model.config());
        return model;
    }

    /** {@code e} as an IOException whose message names {@code file} (DL4J's do not: "Model wasnt found within file"). */
    private static IOException namingTheFile(Path file, Exception e) {
        if (e instanceof IOException io && e.getMessage() != null && e.getMessage().startsWith(file.toString())) {
            return io;
        }
        return new IOException(file + ": DL4J cannot restore the network: " + ModelZipCheck.describe(e), e);
    }

    /** The vae4j metadata of a saved model, without loading the network. */
    public static VaeMetadata readMetadata(Path file) throws IOException {
        String json = readEntry(file, METADATA_ENTRY);
        if (json == null) {
            throw new IOException(file + " is not a vae4j model: it has no " + METADATA_ENTRY
                    + " entry (VaeModel.load opens plain DL4J VAE models, deriving the config)");
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
