package io.ppscore.training.gbt;

import java.util.Objects;

/**
 * Hyper-parameters of {@link GbtTrainer}, checked on construction so that a bad value fails with a message
 * naming the parameter.
 *
 * @param trees          number of boosting rounds, at least 1
 * @param learningRate   shrinkage applied to every leaf, in (0, 1]
 * @param maxDepth       maximum depth of a tree (a stump has depth 1), in [1, 16]
 * @param minSamplesLeaf minimum number of training rows in a leaf, at least 1
 * @param l2             L2 regularisation of the leaf values (XGBoost's lambda), finite and not negative
 * @param maxBins        histogram bins per feature, in [2, 256]
 * @param subsample      fraction of rows drawn (without replacement, Bernoulli) for each tree, in (0, 1]
 * @param seed           seed of the {@link java.util.SplittableRandom} used for subsampling
 * @param loss           the training loss
 */
public record GbtParams(int trees, double learningRate, int maxDepth, int minSamplesLeaf, double l2,
    int maxBins, double subsample, long seed, Loss loss) {

  /** Largest supported {@link #maxBins()}: bin codes are stored in one byte per row and feature. */
  public static final int MAX_BINS_LIMIT = 256;

  /** Checks every parameter. */
  public GbtParams {
    require(trees >= 1, "trees must be at least 1, was " + trees);
    require(learningRate > 0 && learningRate <= 1, "learningRate must be in (0, 1], was " + learningRate);
    require(maxDepth >= 1 && maxDepth <= 16, "maxDepth must be in [1, 16], was " + maxDepth);
    require(minSamplesLeaf >= 1, "minSamplesLeaf must be at least 1, was " + minSamplesLeaf);
    require(l2 >= 0 && Double.isFinite(l2), "l2 must be finite and not negative, was " + l2);
    require(maxBins >= 2 && maxBins <= MAX_BINS_LIMIT, "maxBins must be in [2, 256], was " + maxBins);
    require(subsample > 0 && subsample <= 1, "subsample must be in (0, 1], was " + subsample);
    Objects.requireNonNull(loss, "loss must not be null");
  }

  /** Sensible defaults: 100 trees, rate 0.1, depth 6, 20 rows per leaf, l2 1, 64 bins, no subsampling. */
  public static GbtParams defaults(Loss loss) {
    return new GbtParams(100, 0.1, 6, 20, 1.0, 64, 1.0, 42L, loss);
  }

  /** A copy with another number of trees. */
  public GbtParams withTrees(int newTrees) {
    return new GbtParams(newTrees, learningRate, maxDepth, minSamplesLeaf, l2, maxBins, subsample, seed, loss);
  }

  /** A copy with another tree depth and minimum leaf size. */
  public GbtParams withTreeShape(int newMaxDepth, int newMinSamplesLeaf) {
    return new GbtParams(trees, learningRate, newMaxDepth, newMinSamplesLeaf, l2, maxBins, subsample, seed, loss);
  }

  /** A copy with another row-subsampling fraction and seed. */
  public GbtParams withSubsample(double newSubsample, long newSeed) {
    return new GbtParams(trees, learningRate, maxDepth, minSamplesLeaf, l2, maxBins, newSubsample, newSeed, loss);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
