package org.vae4j.datasets.tabular;

import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.iterator.EpochDataSetIterator;

import java.util.Arrays;
import java.util.List;

/**
 * Batches of (already scaled) table rows; the data is unlabeled, except that a table whose last
 * {@code conditionWidth} features are a conditional VAE's condition gives those as the labels
 * (where vae4j's trainers and estimators read c). Shuffled per (seed, epoch) like every vae4j
 * iterator.
 */
public final class TabularDataSetIterator extends EpochDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final Table table;
    private final String split;
    private final int conditionWidth;

    public TabularDataSetIterator(Table table, String split, int batchSize, boolean shuffle, long seed) {
        this(table, split, batchSize, shuffle, seed, 0);
    }

    /** @param conditionWidth the last features of each row that are the condition, given as labels */
    public TabularDataSetIterator(Table table, String split, int batchSize, boolean shuffle, long seed,
                                  int conditionWidth) {
        super(allRows(table.rows()), batchSize, shuffle, seed, table.features() - conditionWidth, conditionWidth);
        if (conditionWidth < 0 || conditionWidth >= table.features()) {
            throw new IllegalArgumentException("conditionWidth " + conditionWidth + " of a table of "
                    + table.features() + " features");
        }
        this.table = table;
        this.split = split;
        this.conditionWidth = conditionWidth;
    }

    private static int[] allRows(int rows) {
        int[] ids = new int[rows];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    @Override
    protected void writeBatch(int[] order, int from, int count, int epoch, float[] features, float[] labels) {
        int f = table.features();
        int data = f - conditionWidth;
        for (int k = 0; k < count; k++) {
            System.arraycopy(table.values(), order[from + k] * f, features, k * data, data);
            if (conditionWidth > 0) {
                System.arraycopy(table.values(), order[from + k] * f + data, labels, k * conditionWidth,
                        conditionWidth);
            }
        }
    }

    @Override
    public List<String> getLabels() {
        return null;
    }

    @Override
    public DataDescription description() {
        return new DataDescription(table.name(), split, "NONE", seed(), examples(), table.fileSha256());
    }
}
