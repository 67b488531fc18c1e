package io.ppscore.training.gbt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A small, deterministic, single-threaded gradient-boosted regression-tree learner: histogram-based (quantile
 * bins per feature computed once from the training data), second-order split gain with L2 regularisation as
 * in XGBoost, depth-wise trees and optional row subsampling drawn from {@code SplittableRandom(seed)}.
 * The same inputs and parameters always give the same model.
 */
public final class GbtTrainer {

  private GbtTrainer() {
  }

  /**
   * Trains a model.
   *
   * @param x       rows of features, rectangular and NaN-free (infinities are allowed)
   * @param y       targets, finite; 0 or 1 for {@link Loss#LOGISTIC}
   * @param weights row weights, finite and not negative, not all zero; null weighs every row 1
   * @param params  hyper-parameters
   * @throws IllegalArgumentException when an input is invalid, with a message naming it
   */
  public static GbtModel train(float[][] x, double[] y, double[] weights, GbtParams params) {
    return train(x, y, weights, null, params);
  }

  /**
   * Trains a model whose raw score is fitted on top of a fixed per-row {@code offset} (on the loss's raw scale,
   * for example log of a period's level with {@link Loss#TWEEDIE}): row i's prediction during training is
   * base + offset[i] + trees. The returned model does not contain the offsets; add them to its raw score.
   *
   * @param offsets finite per-row offsets, or null for none
   */
  public static GbtModel train(float[][] x, double[] y, double[] weights, double[] offsets, GbtParams params) {
    Objects.requireNonNull(params, "params must not be null");
    if (offsets != null && offsets.length != x.length) {
      throw new IllegalArgumentException("offsets has " + offsets.length + " entries for " + x.length + " rows");
    }
    TrainingData data = TrainingData.of(x, y, weights, params.loss());
    BinCuts cuts = BinCuts.fit(x, params.maxBins());
    TreeGrower grower = new TreeGrower(cuts.binColumns(x), cuts, params);
    float baseScore = (float) params.loss().baseScore(data.weightedMeanY());
    int n = data.rows();
    double[] raw = new double[n];
    Arrays.fill(raw, baseScore);
    if (offsets != null) {
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(offsets[i])) {
          throw new IllegalArgumentException("offset of row " + i + " is not finite: " + offsets[i]);
        }
        raw[i] += offsets[i];
      }
    }
    double[] g = new double[n];
    double[] h = new double[n];
    SplittableRandom random = new SplittableRandom(params.seed());
    List<RegressionTree> trees = new ArrayList<>(params.trees());
    for (int t = 0; t < params.trees(); t++) {
      params.loss().gradients(data.y(), data.weights(), raw, g, h);
      RegressionTree tree = grower.grow(sampleRows(n, params.subsample(), random), g, h);
      for (int i = 0; i < n; i++) {
        raw[i] += tree.predict(x[i]);
      }
      trees.add(tree);
    }
    return new GbtModel(params.loss(), data.featureCount(), baseScore, trees);
  }

  /** All rows, or each row kept with probability {@code fraction} (in row order). */
  private static int[] sampleRows(int n, double fraction, SplittableRandom random) {
    int[] rows = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (fraction >= 1 || random.nextDouble() < fraction) {
        rows[count++] = i;
      }
    }
    return count == n ? rows : Arrays.copyOf(rows, count);
  }
}
