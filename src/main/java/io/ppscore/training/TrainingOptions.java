package io.ppscore.training;

import io.ppscore.training.gbt.GbtParams;
import io.ppscore.training.gbt.Loss;

/**
 * Learner settings for the spend model: the purchase classifier's and the Tweedie spend regressor's trees,
 * shared learning rate and row subsample; one seed makes training reproducible.
 */
public record TrainingOptions(int purchaseTrees, int purchaseDepth, int purchaseMinLeaf, int spendTrees,
    int spendDepth, int spendMinLeaf, double learningRate, double subsample, long seed, int textComponents) {

  /**
   * Settings chosen by back-testing on five cut-offs (see the model card): shallow trees with large leaves.
   * Deeper, smaller-leaved trees (300 x depth 4, 30 per leaf) fitted the training cut-offs' seasons and
   * ranked worse on every back-test cut-off.
   */
  public static TrainingOptions defaults() {
    return new TrainingOptions(100, 2, 200, 150, 2, 400, 0.05, 0.8, 42L, 8);
  }

  /** A copy with another seed. */
  public TrainingOptions withSeed(long newSeed) {
    return new TrainingOptions(purchaseTrees, purchaseDepth, purchaseMinLeaf, spendTrees, spendDepth, spendMinLeaf,
        learningRate, subsample, newSeed, textComponents);
  }

  GbtParams purchaseParams() {
    return new GbtParams(purchaseTrees, learningRate, purchaseDepth, purchaseMinLeaf, 1.0, 64, subsample, seed,
        Loss.LOGISTIC);
  }

  GbtParams spendParams() {
    return new GbtParams(spendTrees, learningRate, spendDepth, spendMinLeaf, 1.0, 64, subsample, seed, Loss.TWEEDIE);
  }
}
