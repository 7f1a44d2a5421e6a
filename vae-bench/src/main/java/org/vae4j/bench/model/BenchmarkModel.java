package org.vae4j.bench.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;
import org.vae4j.datasets.binarize.Binarization;

/**
 * One model of {@code bench/models.json} ({@link BenchmarkModels}), the file both vae4j and its PyTorch twins build
 * their benchmark networks from: what is trained (the network) and how (the training).
 *
 * @param name     the name on the command line and in RESULT lines ({@code bench}, {@code iwae}, ...)
 * @param recipe   the vae4j recipe whose default config and data the model is, if any
 * @param network  layer sizes, activation and p(x|z)
 * @param training optimiser, minibatch and data
 */
public record BenchmarkModel(String name, Optional<String> recipe, Network network, Training training) {

    /** MNIST's training file: 60,000 images. */
    public static final int MNIST_TRAINING_IMAGES = 60_000;

    /**
     * The network: the encoder's hidden layers (the decoder mirrors them), the latent size, the hidden activation
     * and the likelihood. The sizes are absent for a model sized from its data ({@link #sizedFromColumns}).
     *
     * @param inputs           input columns (784 for MNIST), or empty when sized from the data
     * @param hidden           the encoder's hidden layer sizes, input side first (empty when sized from the data)
     * @param latent           latent size, or 0 when sized from the data
     * @param likelihood       {@code bernoulli} (on logits) or {@code gaussian} (vae4j's learned-scale Gaussian)
     * @param sizedFromColumns for {@code tabular}: how {@code train --data}'s default model is sized from the columns
     *                         (vae4j's side is CsvDataRecipe itself; the twins read the rule)
     */
    public record Network(Optional<Integer> inputs, List<Integer> hidden, int latent, Activation activation,
                          String likelihood, Optional<SizedFromColumns> sizedFromColumns) {

        /** The decoder's hidden layer sizes: the encoder's, mirrored. */
        public List<Integer> decoderHidden() {
            List<Integer> decoder = new ArrayList<>(hidden);
            Collections.reverse(decoder);
            return List.copyOf(decoder);
        }
    }

    /**
     * How a model is sized from a table of F columns: one hidden layer of max(hiddenMin, min(hiddenMax,
     * hiddenPerColumn x F)) units, latent max(latentMin, min(latentMax, F / columnsPerLatent)).
     */
    public record SizedFromColumns(int hiddenPerColumn, int hiddenMin, int hiddenMax, int columnsPerLatent,
                                   int latentMin, int latentMax) {
    }

    /**
     * The training.
     *
     * @param updater             DL4J's updater kind (ADAM or ADAGRAD)
     * @param learningRate        the rate, or the first rate of the schedule
     * @param learningRateByEpoch DL4J's MapSchedule by epoch (empty: constant)
     * @param l2                  DL4J's L2 coefficient on weights (0: none)
     * @param batchSize           examples per minibatch
     * @param data                MNIST images or a CSV table
     * @param binarization        how MNIST images are binarized ({@link Binarization#NONE} for CSV)
     * @param validationHeldOut   MNIST training images held out for validation (the recipes' split)
     * @param validationFraction  CSV: the validation rows' share
     * @param testFraction        CSV: the test rows' share
     */
    public record Training(UpdaterKind updater, double learningRate, SortedMap<Integer, Double> learningRateByEpoch,
                           double l2, int batchSize, Data data, Binarization binarization, int validationHeldOut,
                           double validationFraction, double testFraction) {
    }

    /** Where the training examples come from. */
    public enum Data {
        /** MNIST's training file (the IDX files of scripts/fetch-data.sh). */
        MNIST,
        /** A CSV table given on the command line ({@code --data FILE.csv}). */
        CSV
    }

    /** Whether the network is sized from a CSV file's columns, known only once the file is read. */
    public boolean fromData() {
        return network.sizedFromColumns().isPresent();
    }

    /** Examples per minibatch. */
    public int batchSize() {
        return training.batchSize();
    }

    /** How the training images are binarized ({@link Binarization#NONE} for a table). */
    public Binarization binarization() {
        return training.binarization();
    }

    /**
     * The model's configuration, seeded with {@code seed} (initial weights and training noise): the network and
     * the optimiser of the file, float32.
     *
     * @throws IllegalStateException for a model sized from its data: its configuration is the application's
     *                               ({@code train --data}'s default model for the file)
     */
    public VaeConfig config(long seed) {
        requireFixed();
        int[] encoder = network.hidden().stream().mapToInt(Integer::intValue).toArray();
        int[] decoder = network.decoderHidden().stream().mapToInt(Integer::intValue).toArray();
        VaeConfig.Builder b = VaeConfig.builder().inputSize(network.inputs().orElseThrow()).encoderLayerSizes(encoder)
                .decoderLayerSizes(decoder).latentSize(network.latent()).hiddenActivation(network.activation())
                .updater(updater()).seed(seed);
        if (network.likelihood().equals("bernoulli")) {
            b.reconstructionDistribution(new LogitBernoulliReconstructionDistribution());
        } else {
            throw new IllegalStateException(name + ": likelihood " + network.likelihood() + " is only built for "
                    + "models sized from their data");
        }
        if (training.l2() > 0) {
            b.l2(training.l2());
        }
        return b.build();
    }

    /** DL4J's updater of the training: the kind at the learning rate, with the schedule by epoch if there is one. */
    public IUpdater updater() {
        IUpdater updater = training.updater().toUpdater(training.learningRate());
        if (!training.learningRateByEpoch().isEmpty()) {
            // As DL4J's own constructors with a schedule (new Adam(schedule)) leave it: the constant rate NaN.
            updater.setLrAndSchedule(Double.NaN, new MapSchedule(ScheduleType.EPOCH, training.learningRateByEpoch()));
        }
        return updater;
    }

    /**
     * Training examples per epoch: MNIST's 60,000 training images less those held out for validation, cut to
     * {@code limit} (null = all).
     *
     * @throws IllegalStateException for a model trained on a CSV file: its rows are known once the file is read
     */
    public int trainingExamples(Integer limit) {
        requireFixed();
        int all = MNIST_TRAINING_IMAGES - training.validationHeldOut();
        return limit == null ? all : Math.min(limit, all);
    }

    private void requireFixed() {
        if (fromData()) {
            throw new IllegalStateException(name + " is sized from its CSV file: train --data's default model for it");
        }
    }

    /** E.g. {@code 784-400-20 relu}: the layer sizes of the encoder, the latent size and the hidden activation. */
    public static String architecture(VaeConfig c) {
        return c.inputSize() + "-" + c.encoderLayerSizes().stream().map(String::valueOf).collect(Collectors.joining("-"))
                + "-" + c.latentSize() + " " + c.hiddenActivation().name().toLowerCase(Locale.ROOT);
    }
}
