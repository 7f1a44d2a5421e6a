package org.vae4j.examples.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.tabular.Table;

/** The supports per likelihood, clipping as the distributions' clampData clips, and the recorded choice. */
class SupportRuleTest {

    private static final Path FILE = Path.of("/data/t.csv");

    @Test
    void everyLikelihoodHasTheSupportItsDistributionChecks() {
        assertEquals(SupportRule.Support.UNIT_INTERVAL, SupportRule.supportOf("bernoulli"));
        assertEquals(SupportRule.Support.UNIT_INTERVAL, SupportRule.supportOf("logit-bernoulli"));
        assertEquals(SupportRule.Support.UNIT_INTERVAL, SupportRule.supportOf("continuous-bernoulli"));
        assertEquals(SupportRule.Support.COUNTS, SupportRule.supportOf("poisson"));
        assertEquals(SupportRule.Support.COUNTS, SupportRule.supportOf("negative-binomial"));
        assertEquals(SupportRule.Support.INTENSITIES, SupportRule.supportOf("discretized-logistic"));
        assertEquals(SupportRule.Support.ANY, SupportRule.supportOf("gaussian"));
        assertEquals(SupportRule.Support.ANY, SupportRule.supportOf("laplace"));
        assertThrows(RuntimeException.class, () -> SupportRule.supportOf("cauchy"));
    }

    @Test
    void clippingGoesToTheNearestValueOfTheSupport() {
        SupportRule.Support unit = SupportRule.Support.UNIT_INTERVAL;
        assertEquals(0.0, unit.clip(-0.5));
        assertEquals(1.0, unit.clip(1.5));
        assertEquals(0.25, unit.clip(0.25));
        SupportRule.Support counts = SupportRule.Support.COUNTS;
        assertFalse(counts.contains(2.5));
        assertFalse(counts.contains(-1));
        assertTrue(counts.contains(0) && counts.contains(7));
        assertEquals(0.0, counts.clip(-3));
        assertEquals(3.0, counts.clip(2.6));
        SupportRule.Support grid = SupportRule.Support.INTENSITIES;
        assertTrue(grid.contains((float) (17 / 255.0)));
        assertFalse(grid.contains(0.5));
        assertEquals(128 / 255.0, grid.clip(0.5), 1e-12);
        assertEquals(1.0, grid.clip(2));
        assertEquals(-1e6, SupportRule.Support.ANY.clip(-1e6));
    }

    @Test
    void refusedUnlessClippedAndOnlyNumericColumnsAreChecked() throws IOException {
        // Two rows of a numeric column x and a one-hot pair (never the numeric likelihood's).
        Table rows = new Table("t", new float[] {0.5f, 1, 0, 3, 0, 1}, List.of("x", "s=a", "s=b"),
                new boolean[] {true, false, false}, Map.of(), 0);
        InvalidDataFileException refused = assertThrows(InvalidDataFileException.class, () -> SupportRule
                .of("bernoulli", false).apply(FILE, rows, rows, DataSource.Scaling.NONE, SupportRule.PASS_CLIP, true, 0));
        assertEquals(FILE + ": row 2 (line 3), column 'x': value 3 is outside [0, 1], the support of the bernoulli "
                + "likelihood; fix the data or pass --clip", refused.getMessage());
        Table clipped = SupportRule.of("bernoulli", true).apply(FILE, rows, rows, DataSource.Scaling.NONE,
                SupportRule.PASS_CLIP, false, 0);
        assertArrayEquals(new float[] {0.5f, 1, 0, 1, 0, 1}, clipped.values());
        assertSame(rows, SupportRule.of("gaussian", false).apply(FILE, rows, rows, DataSource.Scaling.NONE,
                SupportRule.PASS_CLIP, true, 0));
        // After standardization, the message gives the file's value and the scaled one.
        Table scaled = new Table("t", new float[] {0.5f, 1, 0, 1.25f, 0, 1}, rows.featureNames(), rows.numeric(),
                Map.of(), 0);
        refused = assertThrows(InvalidDataFileException.class, () -> SupportRule.of("continuous-bernoulli", false)
                .apply(FILE, rows, scaled, DataSource.Scaling.STANDARDIZE, SupportRule.TRAIN_WITH_CLIP, true, 0));
        assertTrue(refused.getMessage().contains("value 3 (1.25 after standardize scaling) is outside [0, 1], the "
                + "support of the continuous-bernoulli likelihood; fix the data, or train a new run with --clip"),
                refused.getMessage());
        // Min-max scaling maps the training rows onto [0, 1]: beyond it is the scaler's extrapolation of a
        // row outside the training range, which becomes 0 or 1 without --clip (an anomaly still scores).
        assertArrayEquals(new float[] {0.5f, 1, 0, 1, 0, 1}, SupportRule.of("bernoulli", false)
                .apply(FILE, rows, scaled, DataSource.Scaling.MIN_MAX, SupportRule.TRAIN_WITH_CLIP, true, 0).values());
        // NaN is never a scaler's extrapolation.
        Table nan = new Table("t", new float[] {0.5f, 1, 0, Float.NaN, 0, 1}, rows.featureNames(), rows.numeric(),
                Map.of(), 0);
        assertThrows(InvalidDataFileException.class, () -> SupportRule.of("bernoulli", false)
                .apply(FILE, rows, nan, DataSource.Scaling.MIN_MAX, SupportRule.PASS_CLIP, true, 0));
    }

    @Test
    void theChoiceIsRecordedAndOlderRunFoldersKeepWhatTheyDid() throws IOException {
        String json = "{\"kind\":\"CSV\",\"path\":\"t.csv\",\"likelihood\":\"%s\",\"columns\":[{\"name\":\"x\"}],"
                + "\"scaling\":\"NONE\",\"validationFraction\":0.1,\"testFraction\":0.1%s,\"fileSha256\":{}}";
        DataSource clipped = DataSource.fromJson(String.format(json, "poisson", ",\"clip\":true"), FILE);
        assertTrue(clipped.clip());
        assertTrue(DataSource.fromJson(clipped.toJson(FILE.getParent()), FILE).clip(), clipped.toJson(FILE.getParent()));
        assertFalse(DataSource.fromJson(String.format(json, "bernoulli", ",\"clip\":false"), FILE).clip());
        // Written before --clip: the Bernoulli likelihoods clipped to [0, 1], the others refused.
        assertTrue(DataSource.fromJson(String.format(json, "bernoulli", ""), FILE).clip());
        assertFalse(DataSource.fromJson(String.format(json, "poisson", ""), FILE).clip());
        assertThrows(IOException.class, () -> DataSource.fromJson(String.format(json, "poisson", ",\"clip\":\"yes\""),
                FILE));
    }
}
