package io.ppscore.training.gbt;

import java.util.List;
import java.util.Objects;

/**
 * A trained, immutable gradient-boosted tree ensemble. The raw score is the base score plus one leaf value
 * per tree; leaf values and the base score are stored as float, exactly as they are exported to ONNX, and
 * summed here in double. Splits compare {@code x[f] < threshold} in float, as ONNX Runtime does.
 */
public final class GbtModel {

  private final Loss loss;
  private final int featureCount;
  private final float baseScore;
  private final List<RegressionTree> trees;
  private final double contributionBias;

  GbtModel(Loss loss, int featureCount, float baseScore, List<RegressionTree> trees) {
    this.loss = Objects.requireNonNull(loss, "loss");
    this.featureCount = featureCount;
    this.baseScore = baseScore;
    this.trees = List.copyOf(trees);
    double bias = baseScore;
    for (RegressionTree tree : this.trees) {
      bias += tree.value(0);
    }
    this.contributionBias = bias;
  }

  /**
   * The same trees with the base score moved by {@code shift} on the raw scale (for example a change of
   * level on the log-odds scale); exported to ONNX like any model.
   */
  public GbtModel withBaseShift(double shift) {
    if (!Double.isFinite(shift)) {
      throw new IllegalArgumentException("shift must be finite, was " + shift);
    }
    return new GbtModel(loss, featureCount, (float) (baseScore + shift), trees);
  }

  /** The base score plus the sum of the leaves reached by {@code x} (log-odds for LOGISTIC, log of the mean for TWEEDIE). */
  public double predictRaw(float[] x) {
    checkFeatures(x);
    double raw = baseScore;
    for (RegressionTree tree : trees) {
      raw += tree.predict(x);
    }
    return raw;
  }

  /** The prediction: the raw score for SQUARED, its sigmoid (a probability) for LOGISTIC, its exp for TWEEDIE. */
  public double predict(float[] x) {
    return loss.transform(predictRaw(x));
  }

  /** Total split gain per feature over all trees (not normalised). */
  public double[] gainImportance() {
    double[] importance = new double[featureCount];
    for (RegressionTree tree : trees) {
      tree.addGains(importance);
    }
    return importance;
  }

  /**
   * Per-feature contributions to {@code predictRaw(x)} by the Saabas method: along the path of {@code x}
   * through each tree, every split's change of node value is credited to the split's feature. This is a
   * cheap path attribution, not exact TreeSHAP (it over-credits splits near the leaves). The contributions
   * sum to {@code predictRaw(x) - contributionBias()}.
   */
  public double[] contributions(float[] x) {
    checkFeatures(x);
    double[] out = new double[featureCount];
    for (RegressionTree tree : trees) {
      tree.addContributions(x, out);
    }
    return out;
  }

  /**
   * The part of every raw score that no feature is credited with: the base score plus the root value of each
   * tree (the root of a tree fitted on gradients that do not sum to zero is not zero).
   */
  public double contributionBias() {
    return contributionBias;
  }

  /** The base score: mean of y (SQUARED), its log-odds (LOGISTIC) or its log (TWEEDIE), rounded to float. */
  public double baseScore() {
    return baseScore;
  }

  public Loss loss() {
    return loss;
  }

  public int featureCount() {
    return featureCount;
  }

  public int treeCount() {
    return trees.size();
  }

  List<RegressionTree> trees() {
    return trees;
  }

  private void checkFeatures(float[] x) {
    Objects.requireNonNull(x, "x must not be null");
    if (x.length != featureCount) {
      throw new IllegalArgumentException("x has " + x.length + " features, the model expects " + featureCount);
    }
  }
}
