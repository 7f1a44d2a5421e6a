package org.vae4j.datasets.frey;

import org.vae4j.datasets.InvalidDataFileException;
import org.vae4j.datasets.Sha256;
import org.vae4j.datasets.fetch.DataDirectory;
import org.vae4j.datasets.iterator.ByteImageSet;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code frey_rawface.mat}: variable {@value #VARIABLE}, uint8, {@value #PIXELS_PER_IMAGE} x
 * 1965, one image per column. Column {@code j} in MATLAB order is image {@code j}; reshaped
 * row-major to {@value #IMAGE_ROWS} x {@value #IMAGE_COLUMNS} it shows the face upright (the usual
 * {@code ff.T.reshape(-1, 28, 20)}). The images are unlabeled: iterators serve the features as
 * labels too.
 */
public final class FreyFace {

    public static final String NAME = "frey-face";
    public static final String FILE_NAME = "frey_rawface.mat";
    public static final String VARIABLE = "ff";
    public static final int IMAGE_ROWS = 28;
    public static final int IMAGE_COLUMNS = 20;
    public static final int PIXELS_PER_IMAGE = IMAGE_ROWS * IMAGE_COLUMNS;
    /** Images in the original file. */
    public static final int OFFICIAL_EXAMPLES = 1965;

    private FreyFace() {
    }

    /**
     * Finds {@code frey-face/frey_rawface.mat} in the {@link DataDirectory} locations and reads it.
     * There is no pinned checksum and no download: put the file there yourself (see docs/datasets.md).
     */
    public static ByteImageSet load(Path explicitDirectory) throws IOException {
        return load(DataDirectory.locations(explicitDirectory));
    }

    /** Like {@link #load(Path)}, searching exactly {@code locations}. */
    public static ByteImageSet load(List<DataDirectory.Location> locations) throws IOException {
        List<Path> looked = new ArrayList<>();
        for (DataDirectory.Location location : locations) {
            if (location.dl4jCache()) {
                continue; // DL4J has no Frey Face.
            }
            Path file = location.root().resolve(NAME).resolve(FILE_NAME);
            looked.add(file);
            if (Files.isRegularFile(file)) {
                return read(file);
            }
        }
        throw new FileNotFoundException(FILE_NAME + " not found; looked at:"
                + DataDirectory.describe(looked, locations) + "\nSee docs/datasets.md for where to get it.");
    }

    /** Reads and checks the MAT file. */
    public static ByteImageSet read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file + " not found");
        }
        MatArray ff = MatFileReader.read(file, VARIABLE);
        if (ff.uint8Data() == null) {
            throw new InvalidDataFileException(file, "variable '" + VARIABLE + "' is " + ff.describeType()
                    + ", expected a uint8 matrix");
        }
        int[] dims = ff.dimensions();
        if (dims.length != 2 || dims[0] != PIXELS_PER_IMAGE || dims[1] < 1) {
            throw new InvalidDataFileException(file, "variable '" + VARIABLE + "' is " + ff.describeDimensions()
                    + ", expected [" + PIXELS_PER_IMAGE + ", images] (one " + IMAGE_ROWS + "x" + IMAGE_COLUMNS
                    + " image per column)");
        }
        // MATLAB stores column-major, one image per column: the data are already image after image.
        return new ByteImageSet(NAME, ff.uint8Data(), PIXELS_PER_IMAGE, null, List.of(),
                Map.of(FILE_NAME, Sha256.ofFile(file)));
    }
}
