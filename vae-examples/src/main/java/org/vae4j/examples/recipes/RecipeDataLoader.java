package org.vae4j.examples.recipes;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.frey.FreyFace;
import org.vae4j.datasets.iterator.ByteImageDataSetIterator;
import org.vae4j.datasets.iterator.ByteImageSet;
import org.vae4j.datasets.iterator.Split;
import org.vae4j.datasets.mnist.MnistData;
import org.vae4j.datasets.mnist.MnistVariant;
import org.vae4j.examples.config.RecipeSettings;
import org.vae4j.examples.plot.ImageShape;

/** Builds the train/validation/test iterators of the image recipes from their settings. */
public final class RecipeDataLoader {

    /** Examples per evaluation minibatch: large enough to be fast, small enough for -Xmx1g. */
    static final int EVALUATION_BATCH = 500;
    /** Frey Face test examples, fixed by a seed independent of the run's seed. */
    static final int FREY_TEST_EXAMPLES = 200;

    private RecipeDataLoader() {
    }

    public static RecipeData mnist(MnistVariant variant, RecipeSettings s, long seed) throws IOException {
        MnistData data;
        try {
            data = MnistData.loader(variant).validationSize(s.validationSize()).load();
        } catch (FileNotFoundException e) {
            String which = variant == MnistVariant.MNIST ? "mnist" : "fashion-mnist";
            throw new FileNotFoundException(variant.directoryName() + " not found: run scripts/fetch-data.sh " + which
                    + " (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        ByteImageDataSetIterator train = data.iterator(Split.TRAIN).binarization(s.binarization())
                .batchSize(s.batchSize()).limit(s.trainLimit()).seed(seed).build();
        ByteImageDataSetIterator validation = data.iterator(Split.VALIDATION).binarization(s.evaluationBinarization())
                .batchSize(EVALUATION_BATCH).seed(seed + 1).build();
        ByteImageDataSetIterator test = data.iterator(Split.TEST).binarization(s.evaluationBinarization())
                .batchSize(EVALUATION_BATCH).limit(s.testLimit()).seed(seed + 2).build();
        return new RecipeData(train, validation, test, data.testFile().classNames(), new ImageShape(28, 28));
    }

    /**
     * Frey Face has no official split: a fixed permutation (seed 0) gives 200 test examples,
     * then {@code validationSize} validation examples, the rest train.
     */
    public static RecipeData freyFace(RecipeSettings s, long seed) throws IOException {
        ByteImageSet faces = FreyFace.load(DataDirectory.locations(null));
        int[] ids = permutation(faces.count(), 0);
        int validationEnd = FREY_TEST_EXAMPLES + s.validationSize();
        if (validationEnd >= faces.count()) {
            throw new IllegalArgumentException("Frey Face has " + faces.count() + " images: too few for "
                    + FREY_TEST_EXAMPLES + " test + " + s.validationSize() + " validation examples");
        }
        int[] test = Arrays.copyOfRange(ids, 0, FREY_TEST_EXAMPLES);
        int[] validation = Arrays.copyOfRange(ids, FREY_TEST_EXAMPLES, validationEnd);
        int[] train = Arrays.copyOfRange(ids, validationEnd, ids.length);
        ByteImageDataSetIterator trainIt = ByteImageDataSetIterator.builder(faces).exampleIds(train).split("train")
                .binarization(s.binarization()).batchSize(s.batchSize()).limit(s.trainLimit()).seed(seed).build();
        ByteImageDataSetIterator validationIt = ByteImageDataSetIterator.builder(faces).exampleIds(validation)
                .split("validation").shuffle(false).binarization(s.evaluationBinarization())
                .batchSize(EVALUATION_BATCH).seed(seed + 1).build();
        ByteImageDataSetIterator testIt = ByteImageDataSetIterator.builder(faces).exampleIds(test).split("test")
                .shuffle(false).binarization(s.evaluationBinarization()).batchSize(EVALUATION_BATCH)
                .limit(s.testLimit()).seed(seed + 2).build();
        return new RecipeData(trainIt, validationIt, testIt, List.of(),
                new ImageShape(FreyFace.IMAGE_ROWS, FreyFace.IMAGE_COLUMNS));
    }

    private static int[] permutation(int n, long seed) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return ids;
    }
}
