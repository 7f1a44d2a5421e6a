package org.vae4j.datasets.mnist;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.iterator.ByteImageSet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.datasets.testing.IdxFixtures.cyclicLabels;
import static org.vae4j.datasets.testing.IdxFixtures.gzip;
import static org.vae4j.datasets.testing.IdxFixtures.images;
import static org.vae4j.datasets.testing.IdxFixtures.labels;
import static org.vae4j.datasets.testing.IdxFixtures.randomPixels;
import static org.vae4j.datasets.testing.IdxFixtures.write;

/** Checks across an images/labels pair, and the loader's "not found" message. */
class MnistFilePairTest {

    @TempDir
    Path dir;

    private Path imagesFile(int count) throws IOException {
        return write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(images(2051, count, 28, 28,
                randomPixels(count, 2))));
    }

    private Path labelsFile(int count, byte[] values) throws IOException {
        return write(dir.resolve("train-labels-idx1-ubyte"), labels(2049, count, values));
    }

    @Test
    void readsAMatchingPairWithChecksumsByBaseName() throws IOException {
        ByteImageSet set = MnistData.readPair(MnistVariant.MNIST, imagesFile(20), labelsFile(20, cyclicLabels(20, 10)),
                false);
        assertEquals(20, set.count());
        assertEquals("mnist", set.name());
        assertEquals(List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                set.fileSha256().keySet().stream().sorted().toList());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        Path images = imagesFile(20);
        Path labels = labelsFile(19, cyclicLabels(19, 10));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class,
                () -> MnistData.readPair(MnistVariant.MNIST, images, labels, false));
        assertTrue(e.getMessage().contains("holds 20 images but " + labels + " holds 19 labels"), e.getMessage());
        assertTrue(e.getMessage().startsWith(images.toString()), e.getMessage());
    }

    @Test
    void labelOutsideTheClassesIsNamed() throws IOException {
        byte[] values = cyclicLabels(20, 10);
        values[7] = 12;
        Path labels = labelsFile(20, values);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class,
                () -> MnistData.readPair(MnistVariant.MNIST, imagesFile(20), labels, false));
        assertTrue(e.getMessage().contains("label 12 at index 7"), e.getMessage());
    }

    @Test
    void wrongImageSizeIsRejected() throws IOException {
        Path images = write(dir.resolve("train-images-idx3-ubyte"), images(2051, 2, 20, 28, new byte[2 * 560]));
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class,
                () -> MnistData.readPair(MnistVariant.MNIST, images, labelsFile(2, new byte[2]), false));
        assertTrue(e.getMessage().contains("images are 20x28"), e.getMessage());
    }

    @Test
    void fileThatIsNotTheOfficialOneFailsChecksumVerification() throws IOException {
        Path images = imagesFile(20);
        InvalidDataFileException e = assertThrows(InvalidDataFileException.class,
                () -> MnistData.readPair(MnistVariant.MNIST, images, labelsFile(20, cyclicLabels(20, 10)), true));
        assertTrue(e.getMessage().contains("but the official file's is ba891046"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-data.sh"), e.getMessage());
    }

    @Test
    void missingDataSaysWhereItLookedAndWhatToRun() {
        List<DataDirectory.Location> locations = DataDirectory.locations(dir.resolve("explicit"), null,
                null, dir.resolve("home"));
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> MnistData.loader(MnistVariant.FASHION_MNIST).locations(locations).load());
        String m = e.getMessage();
        assertTrue(m.contains(dir.resolve("explicit").resolve("fashion-mnist") + " (explicit directory)"), m);
        assertTrue(m.contains(dir.resolve("home/.vae4j/data/fashion-mnist") + " (default ~/.vae4j/data)"), m);
        assertTrue(m.contains(dir.resolve("home/.deeplearning4j/data/FashionMNIST").toString()), m);
        assertTrue(m.contains("Run scripts/fetch-data.sh"), m);
    }
}
