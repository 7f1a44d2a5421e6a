package org.vae4j.eval.estimate;

import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.core.model.VaeModel;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.eval.internal.ExampleNoise;

/**
 * Data simulated from a VAE for bidirectional Monte Carlo (Grosse, Ghahramani and Adams 2015):
 * z_i ~ p(z) = N(0, I), then x_i ~ p(x|z_i). Each z_i is an exact sample of the posterior
 * p(z|x_i), which is what reverse AIS must start from. Other estimators read it as plain data.
 *
 * @param features    x, [examples, inputSize], in the model's data type
 * @param latent      z, row-major [examples, latentSize]
 * @param description what the data are, for reports
 */
public record SimulatedData(INDArray features, double[] latent, DataDescription description)
        implements EvaluationData {

    public SimulatedData {
        if (features.rank() != 2 || features.rows() < 1 || latent.length == 0 || latent.length % features.rows() != 0) {
            throw new IllegalArgumentException("SimulatedData: latent must hold latentSize values per example");
        }
    }

    /**
     * {@code examples} draws (z, x) from {@code model}: z from a Java generator keyed by (seed, i),
     * x by the model's {@code sample} (the reconstruction distribution's {@code generateRandom})
     * with ND4J's generator seeded from {@code seed}, so the same seed on the same backend gives the
     * same data.
     */
    public static SimulatedData sample(VaeModel model, int examples, long seed) {
        if (examples < 1) {
            throw new IllegalArgumentException("SimulatedData: examples must be >= 1, got " + examples);
        }
        int latentSize = model.config().latentSize();
        double[] z = new double[Math.multiplyExact(examples, latentSize)];
        for (int i = 0; i < examples; i++) {
            SplittableRandom random = ExampleNoise.forExample(~seed, i);
            for (int u = 0; u < latentSize; u++) {
                z[i * latentSize + u] = random.nextGaussian();
            }
        }
        Nd4j.getRandom().setSeed(seed);
        INDArray x = model.sample(Nd4j.createFromArray(z).reshape(examples, latentSize)).castTo(model.dataType());
        DataDescription description = new DataDescription("simulated from the model", "bdmc",
                "x ~ p(x|z), z ~ p(z)", seed, examples, Map.of());
        return new SimulatedData(x, z, description);
    }
}
