package org.vae4j.datasets.tabular;

import org.vae4j.datasets.binarize.Seeds;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded partition of a table's rows into training and held-out rows (fit the scaler on
 * {@link #train()} only). Row order within each part follows the file.
 */
public record TabularSplit(Table train, Table heldOut, int[] trainRows, int[] heldOutRows) {

    public static TabularSplit of(Table table, double heldOutFraction, long seed) {
        if (!(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction must be in (0,1), got " + heldOutFraction);
        }
        int n = table.rows();
        int heldOut = (int) Math.round(n * heldOutFraction);
        if (heldOut == 0 || heldOut == n) {
            throw new IllegalArgumentException(n + " rows cannot be split with heldOutFraction " + heldOutFraction);
        }
        int[] permutation = new int[n];
        Arrays.setAll(permutation, i -> i);
        SplittableRandom rng = new SplittableRandom(Seeds.mix(Seeds.SPLIT_STREAM, seed));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        int[] held = Arrays.copyOfRange(permutation, 0, heldOut);
        int[] train = Arrays.copyOfRange(permutation, heldOut, n);
        Arrays.sort(held);
        Arrays.sort(train);
        return new TabularSplit(table.select(train), table.select(held), train, held);
    }
}
