package org.vae4j.examples.recipes;

import java.io.IOException;
import java.io.FileNotFoundException;
import java.util.List;
import java.util.Map;
import org.vae4j.core.distribution.LearnedScaleGaussianReconstructionDistribution;

import org.nd4j.linalg.activations.Activation;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.examples.config.RecipeSettings;

/**
 * Kingma and Welling (2013), Frey Face experiments: 560-200-z tanh networks with a Gaussian decoder
 * whose scale is learned (LearnedScaleGaussian), Adagrad 0.02, minibatches of 100, trained once with
 * latent size 2 (manifold.png, as Fig. 4b) and once with latent size 10. Frey Face has no official
 * split: 200 fixed test images, 100 validation, 1,665 train. The data file frey_rawface.mat is not
 * downloadable from here: put it at ~/.vae4j/data/frey-face/frey_rawface.mat (or $VAE4J_DATA/frey-
 * face/). Log-likelihoods are densities of pixel values scaled to [0, 1], in nats.
 */
public final class FreyFaceRecipe implements Recipe {

    public static final String NAME = "frey-face";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "Kingma & Welling (2013) Frey Face: Gaussian decoder, hidden 200, latent 2 (manifold) and 10";
    }

    @Override
    public String description() {
        return """
                Kingma and Welling (2013), Frey Face experiments: 560-200-z tanh networks with a Gaussian decoder
                whose scale is learned (LearnedScaleGaussian), Adagrad 0.02, minibatches of 100, trained once with
                latent size 2 (manifold.png, as Fig. 4b) and once with latent size 10. Frey Face has no official
                split: 200 fixed test images, 100 validation, 1,665 train. The data file frey_rawface.mat is not
                downloadable from here: put it at ~/.vae4j/data/frey-face/frey_rawface.mat (or $VAE4J_DATA/frey-
                face/). Log-likelihoods are densities of pixel values scaled to [0, 1], in nats.
                """.strip();
    }

    @Override
    public RecipeSettings defaultSettings() {
        // epochs, batchSize, binarization, trainLimit, validationSize, testLimit, evalImportanceSamples,
        // budgetEpochs, budgetMinutes
        return new RecipeSettings(500, 100, Binarization.NONE, -1, 100, -1, 1000, 0, 0);
    }

    @Override
    public VaeConfig defaultConfig() {
        return VaeConfig.builder().inputSize(560).encoderLayerSizes(200).decoderLayerSizes(200).latentSize(2)
                .hiddenActivation(Activation.TANH)
                .reconstructionDistribution(new LearnedScaleGaussianReconstructionDistribution())
                .updater(UpdaterKind.ADAGRAD, 0.02).seed(12345).build();
    }

    @Override
    public RecipeData loadData(RecipeSettings settings, long seed) throws IOException {
        return freyFace(settings, seed);
    }

    @Override
    public List<Variant> variants() {
        return List.of(new Variant("latent2", Map.of("latentSize", "2")),
                new Variant("latent10", Map.of("latentSize", "10")));
    }

    private static RecipeData freyFace(RecipeSettings settings, long seed) throws IOException {
        try {
            return RecipeDataLoader.freyFace(settings, seed);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("The frey-face recipe needs Sam Roweis' frey_rawface.mat, which vae4j "
                    + "cannot download: put it at ~/.vae4j/data/frey-face/frey_rawface.mat (or $VAE4J_DATA/frey-face/). "
                    + e.getMessage()); // the places looked at, one per line; the CLI joins them into one
        }
    }
}
