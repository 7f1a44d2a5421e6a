package org.vae4j.datasets.iterator;

import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.binarize.Binarization;
import org.vae4j.datasets.binarize.PixelBinarizer;
import org.vae4j.datasets.binarize.Seeds;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Batches of images from a {@link ByteImageSet}: features float {@code [batch, pixelsPerImage]},
 * binarized as chosen; labels one-hot {@code [batch, classes]} (a VAE ignores them, plots colour
 * by them), or the features again for unlabeled sets such as Frey Face.
 *
 * <p>Bernoulli draws are seeded per example id (the index in the source file), so an image's
 * draws do not depend on batch size, limit, split or shuffling: STATIC_SAMPLED from (seed, id),
 * DYNAMIC from (seed, epoch, id).
 */
public final class ByteImageDataSetIterator extends EpochDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final ByteImageSet images;
    private final Binarization binarization;
    private final String split;

    private ByteImageDataSetIterator(Builder b, int[] ids) {
        super(ids, b.batchSize, b.shuffle, b.seed, b.images.pixelsPerImage(),
                b.images.labeled() ? b.images.classNames().size() : 0);
        this.images = b.images;
        this.binarization = b.binarization;
        this.split = b.split;
    }

    public static Builder builder(ByteImageSet images) {
        return new Builder(images);
    }

    public Binarization binarization() {
        return binarization;
    }

    /** The images examples are drawn from (shared, do not modify). */
    public ByteImageSet images() {
        return images;
    }

    /**
     * Writes the features of example {@code id} (an index into {@link #images()}) as epoch
     * {@code epoch} serves them, binarization included, into {@code out} from {@code outFrom}:
     * what a distributed trainer uses to build this iterator's examples elsewhere. Reads no
     * mutable state, so it may be called from several threads.
     */
    public void writeExample(int id, int epoch, float[] out, int outFrom) {
        int pixelsPerImage = images.pixelsPerImage();
        PixelBinarizer.write(images.pixels(), id * pixelsPerImage, pixelsPerImage, out, outFrom, binarization,
                drawSeed(epoch, id));
    }

    @Override
    protected void writeBatch(int[] order, int from, int count, int epoch, float[] features, float[] labels) {
        int pixelsPerImage = images.pixelsPerImage();
        byte[] classes = images.labels();
        int classCount = images.classNames().size();
        for (int k = 0; k < count; k++) {
            int id = order[from + k];
            writeExample(id, epoch, features, k * pixelsPerImage);
            if (labels != null) {
                labels[k * classCount + (classes[id] & 0xff)] = 1f;
            }
        }
    }

    private long drawSeed(int epoch, int id) {
        return switch (binarization) {
            case STATIC_SAMPLED -> Seeds.mix(Seeds.STATIC_DRAW_STREAM, seed(), id);
            case DYNAMIC -> Seeds.mix(Seeds.DYNAMIC_DRAW_STREAM, seed(), epoch, id);
            default -> 0L;
        };
    }

    @Override
    public List<String> getLabels() {
        return images.labeled() ? images.classNames() : null;
    }

    @Override
    public DataDescription description() {
        return new DataDescription(images.name(), split, binarization.name(), seed(), examples(),
                images.fileSha256());
    }

    /** Fluent builder; {@link #build()} checks the arguments. */
    public static final class Builder {
        private final ByteImageSet images;
        private int[] exampleIds;
        private String split = Split.TRAIN.label();
        private int batchSize = 128;
        private int limit = -1;
        private long seed;
        private boolean shuffle = true;
        private Binarization binarization = Binarization.NONE;

        private Builder(ByteImageSet images) {
            this.images = Objects.requireNonNull(images, "images");
        }

        /** Ids (indices into the image set) of the examples served; default all. */
        public Builder exampleIds(int[] ids) {
            this.exampleIds = ids.clone();
            return this;
        }

        /** Split name written into the {@link DataDescription}; default "train". */
        public Builder split(String split) {
            this.split = Objects.requireNonNull(split, "split");
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Serve only the first {@code limit} examples of the split (before shuffling); -1 = all. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Seed of the per-epoch shuffle and of the Bernoulli draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder binarization(Binarization binarization) {
            this.binarization = Objects.requireNonNull(binarization, "binarization");
            return this;
        }

        public ByteImageDataSetIterator build() {
            int[] ids = exampleIds != null ? exampleIds : allIds(images.count());
            for (int id : ids) {
                if (id < 0 || id >= images.count()) {
                    throw new IllegalArgumentException("example id " + id + " outside [0, " + images.count() + ")");
                }
            }
            if (limit < -1 || limit == 0) {
                throw new IllegalArgumentException("limit must be -1 (all) or > 0, got " + limit);
            }
            if (limit > 0 && limit < ids.length) {
                ids = Arrays.copyOf(ids, limit);
            }
            return new ByteImageDataSetIterator(this, ids);
        }

        private static int[] allIds(int count) {
            int[] ids = new int[count];
            Arrays.setAll(ids, i -> i);
            return ids;
        }
    }
}
