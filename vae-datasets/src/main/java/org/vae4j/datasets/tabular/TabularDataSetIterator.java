package org.vae4j.datasets.tabular;

import org.vae4j.core.provenance.DataDescription;
import org.vae4j.datasets.iterator.EpochDataSetIterator;

import java.util.Arrays;
import java.util.List;

/**
 * Batches of (already scaled) table rows; features serve as labels, as the data is unlabeled.
 * Shuffled per (seed, epoch) like every vae4j iterator.
 */
public final class TabularDataSetIterator extends EpochDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final Table table;
    private final String split;

    public TabularDataSetIterator(Table table, String split, int batchSize, boolean shuffle, long seed) {
        super(allRows(table.rows()), batchSize, shuffle, seed, table.features(), 0);
        this.table = table;
        this.split = split;
    }

    private static int[] allRows(int rows) {
        int[] ids = new int[rows];
        Arrays.setAll(ids, i -> i);
        return ids;
    }

    @Override
    protected void writeBatch(int[] order, int from, int count, int epoch, float[] features, float[] labels) {
        int f = table.features();
        for (int k = 0; k < count; k++) {
            System.arraycopy(table.values(), order[from + k] * f, features, k * f, f);
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
