package org.vae4j.core.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
     * completed, then renamed over the target, so a crash never leaves a half-written model.
     */
    public static void save(VaeModel model, Path file, boolean saveUpdater) throws IOException {
        AtomicFiles.write(file, tmp -> writeZip(model, tmp, saveUpdater, Map.of()));
    }

    /** Like {@link #save} with extra JSON entries (e.g. trainer state), name to content. */
    public static void save(VaeModel model, Path file, boolean saveUpdater, Map<String, String> extraEntries)
            throws IOException {
        AtomicFiles.write(file, tmp -> writeZip(model, tmp, saveUpdater, extraEntries));
    }

    /**
     * Loads a vae4j model zip, including its updater state when present. A plain DL4J model zip
     * (no vae4j metadata) whose network has a VariationalAutoencoder layer loads too, with the
     * config derived from the network ({@link VaeNetworks#configOf}); the log says so.
     */
    public static VaeModel load(Path file) throws IOException {
        if (readEntry(file, METADATA_ENTRY) == null) {
            return loadPlainDl4j(file);
        }
        VaeMetadata metadata = readMetadata(file);
        Model network;
        if (MULTI_LAYER.equals(metadata.networkType())) {
            network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } else if (GRAPH.equals(metadata.networkType())) {
            network = ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } else {
            throw new IOException(file + ": " + METADATA_ENTRY + " has networkType '" + metadata.networkType()
                    + "', expected " + MULTI_LAYER + " or " + GRAPH);
        }
        VaeConfig config = metadata.config();
        if (metadata.formatVersion() < 2) {
            // vae4j 0.1 kept learning-rate schedules out of the config and put them into the
            // network after building it: the network's updater is the one that trained.
            config = config.toBuilder().updater(VaeNetworks.configOf(network).updater()).build();
        }
        VaeModel model = network instanceof MultiLayerNetwork net ? VaeModel.wrap(net, config)
                : VaeModel.wrap((ComputationGraph) network, config);
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
        boolean graph = mapper().readTree(configuration).has("vertices");
        Model network = graph ? ModelSerializer.restoreComputationGraph(file.toFile(), true)
                : ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
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

    /** The vae4j metadata of a saved model, without loading the network. */
    public static VaeMetadata readMetadata(Path file) throws IOException {
        String json = readEntry(file, METADATA_ENTRY);
        if (json == null) {
            throw new IOException(file + " is not a vae4j model: it has no " + METADATA_ENTRY
                    + " entry (VaeModel.load opens plain DL4J VAE models, deriving the config)");
        }
        try {
            return mapper().readValue(json, VaeMetadata.class);
        } catch (IOException e) {
            throw new IOException(file + ": " + METADATA_ENTRY + " is not valid vae4j metadata: " + e.getMessage(), e);
        }
    }

    /** Text of one zip entry, or null when the zip has no such entry. */
    public static String readEntry(Path file, String entryName) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not a readable model zip: " + e.getMessage(), e);
        }
    }

    static ObjectMapper mapper() {
        return NeuralNetConfiguration.mapper();
    }

    private static void writeZip(VaeModel model, Path tmp, boolean saveUpdater, Map<String, String> extraEntries)
            throws IOException {
        String networkType;
        if (model.network() instanceof MultiLayerNetwork net) {
            ModelSerializer.writeModel(net, tmp.toFile(), saveUpdater);
            networkType = MULTI_LAYER;
        } else if (model.network() instanceof ComputationGraph graph) {
            ModelSerializer.writeModel(graph, tmp.toFile(), saveUpdater);
            networkType = GRAPH;
        } else {
            throw new IllegalArgumentException("Unsupported network type " + model.network().getClass());
        }
        VaeMetadata metadata = new VaeMetadata(VaeMetadata.FORMAT_VERSION, networkType, model.config(),
                Versions.vae4j(), Versions.dl4j(), model.data(), model.training(), Instant.now().toString());
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()), Map.of())) {
            writeEntry(zip, METADATA_ENTRY, mapper().writerWithDefaultPrettyPrinter().writeValueAsString(metadata));
            for (Map.Entry<String, String> extra : extraEntries.entrySet()) {
                writeEntry(zip, extra.getKey(), extra.getValue());
            }
        }
    }

    /** Top-level entries only: DL4J's ModelSerializer refuses zips that contain directory entries. */
    private static void writeEntry(FileSystem zip, String name, String content) throws IOException {
        if (name.contains("/")) {
            throw new IllegalArgumentException("Zip entry '" + name + "' must not be in a directory");
        }
        Files.writeString(zip.getPath(name), content, StandardCharsets.UTF_8);
    }
}
