package org.vae4j.examples.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MnistAnomalyRankingTest {

    @Test
    void ranksCountFromTheHighestScore() {
        assertArrayEquals(new int[] {2, 3, 1}, MnistAnomalyRecipe.ranks(new double[] {-90, -120, -80}));
    }

    @Test
    void spearmanIsOneForTheSameOrderAndMinusOneForTheReverse() {
        int[] a = MnistAnomalyRecipe.ranks(new double[] {1, 2, 3, 4});
        assertEquals(1.0, MnistAnomalyRecipe.pearson(a, MnistAnomalyRecipe.ranks(new double[] {10, 20, 30, 40})), 1e-12);
        assertEquals(-1.0, MnistAnomalyRecipe.pearson(a, MnistAnomalyRecipe.ranks(new double[] {4, 3, 2, 1})), 1e-12);
    }

    @Test
    void perClassOrderIsMostTypicalFirst() {
        int[] labels = {0, 1, 0, 0, 1};
        double[] score = {-5, -1, -3, -9, -2};
        assertArrayEquals(new int[] {2, 0, 3}, MnistAnomalyRecipe.ofClassSorted(labels, 0, score));
        assertArrayEquals(new int[] {1, 4}, MnistAnomalyRecipe.ofClassSorted(labels, 1, score));
    }
}
