package org.vae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.vae4j.core.distribution.LogitBernoulliReconstructionDistribution;

/** A model saved by vae4j 0.1.0 must keep loading and computing the same outputs. */
class FirstReleaseModelTest {

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(FirstReleaseModelTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void modelSavedByTheFirstReleaseLoadsAndReconstructsAsItDidThen() throws Exception {
        VaeModel model = VaeModel.load(fixture(FirstReleaseModelFixture.MODEL));
        assertEquals(12, model.config().inputSize());
        assertEquals(new LogitBernoulliReconstructionDistribution(), model.config().reconstructionDistribution());
        assertEquals("fixture", model.data().name());
        assertEquals(2, model.training().epochs());
        float[] expected = readFloats(fixture(FirstReleaseModelFixture.RECONSTRUCTION));
        assertArrayEquals(expected, model.reconstruct(FirstReleaseModelFixture.input()).data().asFloat(), 1e-6f);
    }

    private static float[] readFloats(Path file) throws IOException {
        double[] values = Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .mapToDouble(Double::parseDouble).toArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
