package io.ppscore.training.metrics;

/** How well predictions order users by spend: normalized Gini and Spearman rank correlation. */
public final class RankMetrics {

  private RankMetrics() {}

  /**
   * Kaggle's normalized Gini: {@code gini(actual ordered by predicted) / gini(actual ordered by actual)}.
   *
   * <p>For an ordering {@code o} (descending), with {@code T = sum(actual)}, {@code C_k} the cumulative
   * actual spend of the first {@code k} users in {@code o}, and {@code n} users:
   * {@code gini(o) = (sum_k C_k / T - (n + 1) / 2) / n}. The result is 1 for a perfect ranking, about 0 for
   * a random one and -1 for a reversed one (exactly -1 when {@code actual} has no ties). Users with equal
   * predictions count as a group: each with the group's mean actual spend, which gives the mean Gini over
   * every order of the tie. So the input order never matters, and a constant prediction scores exactly 0.
   *
   * @throws IllegalArgumentException on invalid arrays or negative {@code actual}
   * @throws UndefinedMetricException when every actual value is equal (the denominator is 0)
   */
  public static double normalizedGini(double[] predicted, double[] actual) {
    Checks.pair(predicted, actual);
    Checks.nonNegative("actual", actual);
    if (Checks.allEqual(actual)) {
      throw new UndefinedMetricException("normalized Gini is undefined when every actual value is equal");
    }
    return gini(actual, predicted) / gini(actual, actual);
  }

  /**
   * Spearman's rank correlation: the Pearson correlation of the ascending ranks of {@code predicted} and
   * of {@code actual}, where tied values all get the average of the ranks they span. Ranges from -1 to 1.
   *
   * @throws IllegalArgumentException on invalid arrays
   * @throws UndefinedMetricException when either array is constant (including a single user)
   */
  public static double spearman(double[] predicted, double[] actual) {
    Checks.pair(predicted, actual);
    if (Checks.allEqual(predicted) || Checks.allEqual(actual)) {
      throw new UndefinedMetricException("Spearman correlation is undefined when predicted or actual is constant");
    }
    return pearson(Ranking.averageRanks(predicted), Ranking.averageRanks(actual));
  }

  private static double gini(double[] actual, double[] rankedBy) {
    double[] cumulative = Ranking.tieAveragedPrefixSums(actual, rankedBy);
    int n = actual.length;
    double total = cumulative[n];
    double sumOfCumulative = 0;
    for (int k = 1; k <= n; k++) {
      sumOfCumulative += cumulative[k];
    }
    return (sumOfCumulative / total - (n + 1) / 2.0) / n;
  }

  private static double pearson(double[] x, double[] y) {
    double meanX = mean(x);
    double meanY = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - meanX) * (y[i] - meanY);
      sxx += (x[i] - meanX) * (x[i] - meanX);
      syy += (y[i] - meanY) * (y[i] - meanY);
    }
    // rounding can push |r| a hair past 1
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }
}
