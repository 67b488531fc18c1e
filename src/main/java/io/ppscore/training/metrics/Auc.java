package io.ppscore.training.metrics;

import java.util.Objects;

/** Area under the ROC curve, for "will this user buy at all" scores. */
public final class Auc {

  private Auc() {}

  /**
   * ROC AUC as the Mann-Whitney U statistic over all (positive, negative) pairs: a pair counts 1 when
   * the positive scores higher, 1/2 when tied, 0 otherwise; the AUC is that count divided by
   * {@code positives * negatives}. Computed from average ranks in O(n log n):
   * {@code (sum of positive ranks - P (P + 1) / 2) / (P N)}. 1 = perfect, 0.5 = random or constant scores,
   * 0 = reversed.
   *
   * @throws IllegalArgumentException on invalid or mismatched arrays
   * @throws UndefinedMetricException when there are no positives or no negatives
   */
  public static double auc(double[] scores, boolean[] positive) {
    Checks.finite("scores", scores);
    Objects.requireNonNull(positive, "positive must not be null");
    Checks.require(scores.length == positive.length,
        "scores and positive must have the same length, got %d and %d", scores.length, positive.length);
    double[] ranks = Ranking.averageRanks(scores);
    long positives = 0;
    double positiveRankSum = 0;
    for (int i = 0; i < ranks.length; i++) {
      if (positive[i]) {
        positives++;
        positiveRankSum += ranks[i];
      }
    }
    long negatives = ranks.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new UndefinedMetricException(String.format(
          "AUC needs positives and negatives, got %d positives and %d negatives", positives, negatives));
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * {@link #auc} of {@code scores} against the label {@code actualSpend > 0} (the user bought anything).
   * Shaped like a {@link Metric}, so it can be bootstrapped: {@code Auc::anyPurchaseAuc}.
   *
   * @throws IllegalArgumentException on invalid arrays or negative spend
   * @throws UndefinedMetricException when every user, or no user, bought
   */
  public static double anyPurchaseAuc(double[] scores, double[] actualSpend) {
    Checks.sameLength("scores", scores, "actualSpend", actualSpend);
    Checks.nonNegative("actualSpend", actualSpend);
    boolean[] bought = new boolean[actualSpend.length];
    for (int i = 0; i < bought.length; i++) {
      bought[i] = actualSpend[i] > 0;
    }
    return auc(scores, bought);
  }
}
