package org.vae4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.vae4j.core.config.UpdaterKind;
import org.vae4j.core.config.VaeConfig;
import org.vae4j.core.io.AtomicFiles;
import org.vae4j.core.io.FullDisk;

/**
 * Broken model zips fail with an IOException that names the file and what is wrong: never DL4J's
 * "Model wasnt found within file", a bare EOFException, or an allocation of what a corrupt ND4J
 * header declares. Saving onto a full disk leaves the old model and no temporary file.
 */
class ModelZipCorruptionTest {

    @TempDir
    static Path shared;
    private static Path good;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveASmallModel() throws IOException {
        VaeConfig config = VaeConfig.builder().inputSize(12).encoderLayerSizes(8).latentSize(2)
                .hiddenActivation(Activation.TANH).updater(UpdaterKind.ADAM, 0.01).dataType(DataType.FLOAT)
                .seed(3).build();
        good = shared.resolve("model.zip");
        VaeModel.create(config).save(good);
    }

    @Test
    void theGoodModelLoads() throws IOException {
        assertEquals(VaeModel.load(good).parameterCount(), VaeModel.load(copy(Files.readAllBytes(good)))
                .parameterCount());
    }

    @Test
    void truncatedZip() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        Path file = copy(Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(file, "is not a readable model zip");
    }

    @Test
    void missingDl4jConfiguration() throws IOException {
        Path file = rewrite(entries -> {
            entries.remove("configuration.json");
            return entries;
        });
        assertRefused(file, "is not a DL4J model zip: it has no configuration.json entry");
    }

    @Test
    void missingParameters() throws IOException {
        Path file = rewrite(entries -> {
            entries.remove("coefficients.bin");
            return entries;
        });
        assertRefused(file, "it has no coefficients.bin entry");
    }

    @Test
    void corruptCompressedBytesOfAnEntry() throws IOException {
        byte[] bytes = Files.readAllBytes(good);
        long[] span = dataSpan(good, "coefficients.bin");
        for (long i = span[0] + span[1] / 3; i < span[0] + span[1] * 2 / 3; i += 5) {
            bytes[(int) i] ^= 0x55;
        }
        assertRefused(copy(bytes), "entry coefficients.bin is corrupt");
    }

    @Test
    void arrayHeaderDeclaringMoreValuesThanTheEntryHoldsIsRefusedBeforeAllocating() throws IOException {
        byte[] header = nd4jArray(1L << 40);
        Path file = rewrite(entries -> {
            entries.put("coefficients.bin", header);
            return entries;
        });
        assertRefused(file, "entry coefficients.bin is corrupt: declares 1099511627776 FLOAT values");
    }

    @Test
    void anArrayWhoseStridesPointOutsideItsDataIsRefusedBeforeNativeCodeReadsIt() throws IOException {
        // The mutation ModelZipFuzzTest found: updaterState.bin's stride changed; ND4J's assign
        // then read far outside the array and the JVM died with SIGSEGV.
        byte[] array = nd4jArray(5);
        java.nio.ByteBuffer.wrap(array).putLong(ND4J_SHAPE_VALUES_OFFSET + 4 * Long.BYTES, 808_160_283L);
        Path file = rewrite(entries -> {
            entries.put("updaterState.bin", array);
            return entries;
        });
        assertRefused(file, "entry updaterState.bin is corrupt: strides [5, 808160283] are not those of a dense c-order "
                + "array of shape [1, 5]");
    }

    @Test
    void parameterCountThatDoesNotMatchTheNetworkIsNamed() throws IOException {
        byte[] tooFew = nd4jArray(5);
        Path file = rewrite(entries -> {
            entries.put("coefficients.bin", tooFew);
            return entries;
        });
        IOException e = assertRefused(file, "DL4J cannot restore the network");
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void corruptMetadataIsNamed() throws IOException {
        Path file = rewrite(entries -> {
            entries.put(VaeModelFiles.METADATA_ENTRY, "{\"formatVersion\": 1, \"config\": [".getBytes());
            return entries;
        });
        assertRefused(file, VaeModelFiles.METADATA_ENTRY + " is not valid vae4j metadata");
    }

    @Test
    void savingOntoAFullDiskKeepsTheOldModelAndLeavesNoTemporaryFile() throws IOException {
        Path target = copy(Files.readAllBytes(good));
        byte[] before = Files.readAllBytes(target);
        VaeModel model = VaeModel.load(target);
        IOException e;
        try (AtomicFiles.Restore ignored = AtomicFiles.useOpener(new FullDisk(2_000))) {
            e = assertThrows(IOException.class, () -> model.save(target));
        }
        assertEquals("Could not write " + target + ": " + FullDisk.ENOSPC, e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList(), "no .tmp or zipfstmp file left");
        }
    }

    private static IOException assertRefused(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> VaeModel.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e;
    }

    private Path copy(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("model-" + System.nanoTime() + ".zip"), bytes);
    }

    /** The good model's entries, changed by {@code edit}, written as a new zip. */
    private Path rewrite(UnaryOperator<Map<String, byte[]>> edit) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(good.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : edit.apply(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return copy(bytes.toByteArray());
    }

    /** An ND4J-serialised FLOAT vector header (and 8 values) declaring {@code length} values. */
    /** Where {@link #nd4jArray}'s shape values start: after "MIXED_DATA_TYPES", a length and "LONG". */
    private static final int ND4J_SHAPE_VALUES_OFFSET = 2 + 16 + 8 + 2 + 4;

    private static byte[] nd4jArray(long length) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // Rank 2, shape [1, length], c-order strides, a dense FLOAT array, element-wise stride 1, 'c'.
            long floatDense = org.nd4j.linalg.api.shape.options.ArrayOptionsHelper.setOptionBit(0L, DataType.FLOAT);
            long[] shapeInfo = {2, 1, length, length, 1, floatDense, 1, 99};
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(shapeInfo.length);
            out.writeUTF("LONG");
            for (long v : shapeInfo) {
                out.writeLong(v);
            }
            out.writeUTF("MIXED_DATA_TYPES");
            out.writeLong(length);
            out.writeUTF("FLOAT");
            for (int i = 0; i < Math.min(length, 8); i++) {
                out.writeFloat(0.5f);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Offset and length of an entry's compressed data inside the zip file. */
    private static long[] dataSpan(Path zipFile, String name) throws IOException {
        byte[] bytes = Files.readAllBytes(zipFile);
        long compressed;
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            compressed = zip.getEntry(name).getCompressedSize();
        }
        byte[] nameBytes = name.getBytes();
        for (int i = 0; i + 30 < bytes.length; i++) {
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4
                    && Arrays.equals(bytes, i + 30, i + 30 + nameBytes.length, nameBytes, 0, nameBytes.length)) {
                int nameLength = (bytes[i + 26] & 0xff) | (bytes[i + 27] & 0xff) << 8;
                int extraLength = (bytes[i + 28] & 0xff) | (bytes[i + 29] & 0xff) << 8;
                return new long[] {i + 30 + nameLength + extraLength, compressed};
            }
        }
        throw new IllegalStateException(name + " not found");
    }
}
