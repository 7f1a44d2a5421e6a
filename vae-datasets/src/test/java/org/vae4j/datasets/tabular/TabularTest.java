package org.vae4j.datasets.tabular;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.InvalidDataFileException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularTest {

    @TempDir
    Path dir;

    private static final TabularSchema SCHEMA = TabularSchema.builder().numeric("age", "income")
            .categorical("colour", "red", "green", "blue").build();

    private Path csv(String... lines) throws IOException {
        return Files.write(dir.resolve("people.csv"), List.of(lines));
    }

    @Test
    void readsNumericAndOneHotColumnsIgnoringUndeclaredOnes() throws IOException {
        Table t = CsvTableReader.read(csv("id,age,colour,income", "a,30,green,1000", "b,40,\"blue\",2e3"), SCHEMA,
                BadRowPolicy.REJECT);
        assertEquals(List.of("age", "income", "colour=red", "colour=green", "colour=blue"), t.featureNames());
        assertArrayEquals(new float[]{30, 1000, 0, 1, 0, 40, 2000, 0, 0, 1}, t.values());
        assertArrayEquals(new boolean[]{true, true, false, false, false}, t.numeric());
        assertEquals("people", t.name());
    }

    @Test
    void badValuesAreRejectedNamingRowAndColumn() throws IOException {
        assertRejected(csv("age,income,colour", "30,1000,red", "41,,red"), "row 2 (line 3), column 'income': blank");
        assertRejected(csv("age,income,colour", "thirty,1000,red"), "row 1 (line 2), column 'age': 'thirty' is not a number");
        assertRejected(csv("age,income,colour", "30,NaN,red"), "row 1 (line 2), column 'income': 'NaN' is not a finite");
        assertRejected(csv("age,income,colour", "30,1,red", "30,1,red", "30,1,purple"),
                "row 3 (line 4), column 'colour': 'purple' is not one of the declared categories");
        assertRejected(csv("age,income,colour", "30,1"), "row 1 (line 2): 2 fields, the header has 3");
        assertRejected(csv("age,colour", "30,red"), "no column 'income' in header");
    }

    @Test
    void numbersMustBeFiniteDecimalLiteralsWithinTheFloatRange() throws IOException {
        for (String javaOnly : List.of("1d", "2f", "0x1p3", "1_000", "1e", "--1", "1.5.2")) {
            assertRejected(csv("age,income,colour", "30," + javaOnly + ",red"),
                    "row 1 (line 2), column 'income': '" + javaOnly + "' is not a number");
        }
        for (String special : List.of("Infinity", "-inf", "NaN")) {
            assertRejected(csv("age,income,colour", "30," + special + ",red"),
                    "row 1 (line 2), column 'income': '" + special + "' is not a finite number");
        }
        // Finite as a double, infinite as the float the feature is stored in.
        assertRejected(csv("age,income,colour", "30,1,red", "1e39,1,red"),
                "row 2 (line 3), column 'age': '1e39' is beyond the float range");
        assertRejected(csv("age,income,colour", "30,-4e38,red"),
                "row 1 (line 2), column 'income': '-4e38' is beyond the float range");

        Table t = CsvTableReader.read(csv("age,income,colour", "+1.5,.5,red", "5.,-2E-3,red", "3.4e38,0,red"),
                SCHEMA, BadRowPolicy.REJECT);
        assertArrayEquals(new float[]{1.5f, 0.5f, 1, 0, 0, 5f, -0.002f, 1, 0, 0, 3.4e38f, 0, 1, 0, 0}, t.values());
    }

    private static void assertRejected(Path file, String expected) {
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class,
                () -> CsvTableReader.read(file, SCHEMA, BadRowPolicy.REJECT));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void dropPolicySkipsBadRowsAndCountsThem() throws IOException {
        Table t = CsvTableReader.read(csv("age,income,colour", "30,1000,red", "x,1,red", "50,,blue", "60,3,blue"),
                SCHEMA, BadRowPolicy.DROP);
        assertEquals(2, t.rows());
        assertEquals(2, t.droppedRows());
        assertEquals(60f, t.get(1, 0));
    }

    @Test
    void scalerIsFittedOnTrainingRowsOnly() throws IOException {
        StringBuilder body = new StringBuilder("age,income,colour\n");
        for (int i = 0; i < 100; i++) {
            body.append(i).append(',').append(i * 10).append(",red\n");
        }
        Path file = Files.writeString(dir.resolve("t.csv"), body);
        TabularSplit split = TabularSplit.of(CsvTableReader.read(file, SCHEMA, BadRowPolicy.REJECT), 0.2, 7);
        assertEquals(80, split.train().rows());
        assertEquals(20, split.heldOut().rows());

        FeatureScaler scaler = FeatureScaler.fit(split.train(), FeatureScaler.Kind.MIN_MAX);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (int r = 0; r < split.train().rows(); r++) {
            min = Math.min(min, split.train().get(r, 0));
            max = Math.max(max, split.train().get(r, 0));
        }
        assertEquals(min, scaler.offset()[0], 0);
        assertEquals(max - min, scaler.scale()[0], 0);
        assertEquals(0, scaler.offset()[2], 0, "one-hot features are not scaled");
        assertEquals(1, scaler.scale()[2], 0);

        Table trainScaled = scaler.transform(split.train());
        for (int r = 0; r < trainScaled.rows(); r++) {
            assertTrue(trainScaled.get(r, 0) >= 0 && trainScaled.get(r, 0) <= 1);
        }
        // Held-out rows are transformed with the training parameters, whatever their range.
        int held = split.heldOutRows()[0];
        assertEquals((held - min) / (max - min), scaler.transform(split.heldOut()).get(0, 0), 1e-6);
    }

    @Test
    void standardizationGivesZeroMeanUnitVarianceOnTraining() throws IOException {
        Table t = CsvTableReader.read(csv("age,income,colour", "1,5,red", "2,5,red", "3,5,red", "6,5,red"), SCHEMA,
                BadRowPolicy.REJECT);
        Table z = FeatureScaler.fit(t, FeatureScaler.Kind.STANDARDIZE).transform(t);
        double mean = 0;
        double squares = 0;
        for (int r = 0; r < 4; r++) {
            mean += z.get(r, 0) / 4.0;
            squares += z.get(r, 0) * z.get(r, 0) / 4.0;
        }
        assertEquals(0, mean, 1e-6);
        assertEquals(1, squares, 1e-6);
        assertEquals(0f, z.get(0, 1), "constant feature: scale 1, not a division by zero");
    }

    @Test
    void scalerRoundTripsThroughJson() throws IOException {
        Table t = CsvTableReader.read(csv("age,income,colour", "1,5,red", "2,7,blue"), SCHEMA, BadRowPolicy.REJECT);
        FeatureScaler scaler = FeatureScaler.fit(t, FeatureScaler.Kind.MIN_MAX);
        String json = scaler.toJson();
        assertTrue(json.contains("\"kind\" : \"MIN_MAX\""), json);
        FeatureScaler back = FeatureScaler.fromJson(json);
        assertEquals(scaler, back);
        assertArrayEquals(scaler.transform(t).values(), back.transform(t).values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureScaler.fromJson(
                "{\"kind\":\"MIN_MAX\",\"features\":[\"a\"],\"offset\":[0],\"scale\":[0]}"));
        assertTrue(e.getMessage().contains("scale must be finite and > 0"), e.getMessage());
    }

    @Test
    void scalerRefusesATableWithOtherFeatures() throws IOException {
        Table t = CsvTableReader.read(csv("age,income,colour", "1,5,red"), SCHEMA, BadRowPolicy.REJECT);
        FeatureScaler scaler = FeatureScaler.fit(t, FeatureScaler.Kind.MIN_MAX);
        Table other = CsvTableReader.read(csv("age,income", "1,5"), TabularSchema.builder().numeric("age", "income")
                .build(), BadRowPolicy.REJECT);
        assertThrows(IllegalArgumentException.class, () -> scaler.transform(other));
    }

    @Test
    void iteratorServesScaledRowsAndDescribesTheCsv() throws IOException {
        Table t = CsvTableReader.read(csv("age,income,colour", "1,5,red", "2,7,blue", "3,9,green"), SCHEMA,
                BadRowPolicy.REJECT);
        TabularDataSetIterator it = new TabularDataSetIterator(t, "train", 2, false, 3);
        DataSet first = it.next();
        assertEquals(2, first.getFeatures().size(0));
        assertEquals(5, first.getFeatures().size(1));
        assertEquals(1f, first.getFeatures().getFloat(0, 0));
        assertEquals(1, it.next().getFeatures().size(0));
        DataDescription d = it.description();
        assertEquals("people", d.name());
        assertEquals(3, d.examples());
        assertEquals(1, d.fileSha256().size());
    }
}
