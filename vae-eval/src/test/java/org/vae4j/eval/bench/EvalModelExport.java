package org.vae4j.eval.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.core.train.InMemoryEpochIterator;
import org.vae4j.core.train.VaeTrainer;

/**
 * First step of {@code bench/compare.sh eval}: the model both sides evaluate. Loads
 * {@code WORK_DIR/model.zip}, or trains one on binarized MNIST (seeded, as {@code TrainBenchmark}
 * configures it) and saves it there, then writes every parameter of the VAE layer as
 * {@code WORK_DIR/params/<DL4J key>.npy} (float32, DL4J's [nIn, nOut] layout, so a layer is
 * {@code x @ W + b}) and {@code WORK_DIR/model.json} (sizes, activation, keys) for
 * {@code bench/pytorch_eval.py}. A trained model matters: an untrained one has a posterior so far
 * from p(z|x) that a handful of weights dominate, which is not the regime being timed.
 *
 * <pre>java ... org.vae4j.eval.bench.EvalModelExport ARCH MNIST_DIR WORK_DIR EPOCHS</pre>
 * ARCH: mnist (784-400-20 ReLU) or iwae (784-200-200-50 tanh); EPOCHS is used only when there is
 * no model.zip yet.
 */
public final class EvalModelExport {

    private EvalModelExport() {
    }

    public static void main(String[] args) throws IOException {
        String arch = args[0];
        Path mnist = Path.of(args[1]);
        Path work = Path.of(args[2]);
        int epochs = Integer.parseInt(args[3]);
        Files.createDirectories(work.resolve("params"));
        Path zip = work.resolve("model.zip");

        VaeModel model;
        if (Files.exists(zip)) {
            model = VaeModel.load(zip);
            System.out.println("loaded " + zip);
        } else {
            model = VaeModel.create(config(arch));
            MnistBench.Images train = MnistBench.binarized(mnist.resolve("train-images-idx3-ubyte"), Integer.MAX_VALUE);
            long start = System.nanoTime();
            VaeTrainer.builder(model).epochs(epochs).checkpointEveryEpochs(0).build()
                    .fit(new InMemoryEpochIterator(train.features(), null, 128, true, 1));
            model.setData(new DataDescription("mnist", "train", "STATIC_THRESHOLD", 1, train.features().rows(),
                    Map.of("train-images-idx3-ubyte", train.sha256())));
            model.save(zip);
            System.out.printf(Locale.ROOT, "trained %s for %d epochs in %.0f s, saved %s%n", arch, epochs,
                    (System.nanoTime() - start) / 1e9, zip);
        }

        VaeConfig config = model.config();
        StringJoiner keys = new StringJoiner("\", \"", "[\"", "\"]");
        for (Map.Entry<String, INDArray> p : model.layer().paramTable().entrySet()) {
            writeNpy(work.resolve("params").resolve(p.getKey() + ".npy"), p.getValue());
            keys.add(p.getKey());
        }
        String json = String.format(Locale.ROOT, "{\"arch\": \"%s\", \"inputSize\": %d, \"encoderLayerSizes\": %s, "
                        + "\"decoderLayerSizes\": %s, \"latentSize\": %d, \"hiddenActivation\": \"%s\", "
                        + "\"reconstructionDistribution\": \"%s\", \"dataType\": \"%s\", \"keys\": %s}%n",
                arch, config.inputSize(), config.encoderLayerSizes(), config.decoderLayerSizes(), config.latentSize(),
                config.hiddenActivation().name().toLowerCase(Locale.ROOT),
                config.reconstructionDistribution().getClass().getSimpleName(), config.dataType(), keys);
        Files.writeString(work.resolve("model.json"), json);
        System.out.println("wrote " + work.resolve("params") + " and " + work.resolve("model.json"));
    }

    static VaeConfig config(String arch) {
        VaeConfig.Builder builder = VaeConfig.builder().inputSize(784).seed(12345).dataType(DataType.FLOAT);
        return switch (arch) {
            case "mnist" -> builder.encoderLayerSizes(400).latentSize(20).hiddenActivation(Activation.RELU).build();
            case "iwae" -> builder.encoderLayerSizes(200, 200).latentSize(50).hiddenActivation(Activation.TANH)
                    .build();
            default -> throw new IllegalArgumentException("ARCH must be mnist or iwae, got " + arch);
        };
    }

    /**
     * A float32 .npy file (format version 1.0: magic, little-endian header length, a Python dict
     * literal padded with spaces to a multiple of 64 bytes, then the C-order data). Numpy reads it
     * with {@code np.load}; no Java dependency is needed for so little.
     */
    static void writeNpy(Path file, INDArray array) throws IOException {
        long[] shape = array.shape();
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.toString(shape).replace("[", "").replace("]", "");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer body = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(values);
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                .putShort((short) header.length());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(body.array());
        }
    }
}
