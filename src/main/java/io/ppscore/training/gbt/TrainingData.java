package io.ppscore.training.gbt;

import java.util.Arrays;
import java.util.Objects;

/** Checked training inputs: a rectangular, NaN-free feature matrix, finite targets and non-negative weights. */
record TrainingData(float[][] x, double[] y, double[] weights, int featureCount) {

  /** Checks the inputs for {@code loss}; {@code weights} may be null (every row weighs 1). */
  static TrainingData of(float[][] x, double[] y, double[] weights, Loss loss) {
    Objects.requireNonNull(x, "x must not be null");
    Objects.requireNonNull(y, "y must not be null");
    require(x.length > 0, "x must have at least one row");
    require(y.length == x.length, "y has " + y.length + " values but x has " + x.length + " rows");
    int features = checkMatrix(x);
    for (int i = 0; i < y.length; i++) {
      require(Double.isFinite(y[i]), "y[" + i + "] must be finite, was " + y[i]);
      require(loss != Loss.LOGISTIC || y[i] == 0 || y[i] == 1,
          "y[" + i + "] must be 0 or 1 for LOGISTIC loss, was " + y[i]);
      require(loss != Loss.TWEEDIE || y[i] >= 0, "y[" + i + "] must not be negative for TWEEDIE loss, was " + y[i]);
    }
    double[] w = weights == null ? filledWithOnes(x.length) : checkWeights(weights, x.length);
    return new TrainingData(x, y, w, features);
  }

  /** The weighted mean of the targets. */
  double weightedMeanY() {
    double sum = 0;
    double total = 0;
    for (int i = 0; i < y.length; i++) {
      sum += weights[i] * y[i];
      total += weights[i];
    }
    return sum / total;
  }

  int rows() {
    return x.length;
  }

  private static int checkMatrix(float[][] x) {
    Objects.requireNonNull(x[0], "x[0] must not be null");
    int features = x[0].length;
    require(features > 0, "x must have at least one feature");
    for (int i = 0; i < x.length; i++) {
      Objects.requireNonNull(x[i], "x[" + i + "] must not be null");
      require(x[i].length == features, "x[" + i + "] has " + x[i].length + " features, expected " + features);
      for (int f = 0; f < features; f++) {
        require(!Float.isNaN(x[i][f]), "x[" + i + "][" + f + "] is NaN: missing values are not supported");
      }
    }
    return features;
  }

  private static double[] checkWeights(double[] weights, int rows) {
    require(weights.length == rows, "weights has " + weights.length + " values but x has " + rows + " rows");
    double total = 0;
    for (int i = 0; i < rows; i++) {
      require(weights[i] >= 0 && Double.isFinite(weights[i]),
          "weights[" + i + "] must be finite and not negative, was " + weights[i]);
      total += weights[i];
    }
    require(total > 0, "weights must not all be zero");
    return weights.clone();
  }

  private static double[] filledWithOnes(int rows) {
    double[] w = new double[rows];
    Arrays.fill(w, 1.0);
    return w;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
