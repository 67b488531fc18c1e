package io.ppscore.training.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How much actual spend the highest-ranked users hold: top-share captured and the gain curve. Users are
 * ranked by descending prediction; where a cut falls inside a group of equal predictions, the group's
 * users count with its mean actual spend (the expected share over every order of the tie), so the input
 * order never matters.
 */
public final class SpendConcentration {

  // 100 * 0.07 is 7.000000000000001 in binary floating point; without this tolerance the top 7 % of 100
  // users would be 8 users.
  private static final double CEIL_TOLERANCE = 1e-9;

  private SpendConcentration() {}

  /**
   * Share of total actual spend held by the top {@code ceil(n * fraction)} users ranked by prediction (at
   * least 1 user). The ceiling ignores a relative excess of up to 1e-9 so that floating-point noise in
   * {@code n * fraction} does not add a user.
   *
   * @param fraction share of users targeted, in (0, 1], e.g. 0.10 for the top decile
   * @throws IllegalArgumentException on invalid arrays, negative {@code actual} or fraction outside (0, 1]
   * @throws UndefinedMetricException when total actual spend is 0
   */
  public static double topShareCaptured(double[] predicted, double[] actual, double fraction) {
    int n = Checks.pair(predicted, actual);
    Checks.nonNegative("actual", actual);
    Checks.require(fraction > 0 && fraction <= 1, "fraction must be in (0, 1], got %s", fraction);
    double[] cumulative = cumulativeSpend(predicted, actual);
    double users = n * fraction;
    int top = (int) Math.max(1, Math.ceil(users - CEIL_TOLERANCE * users));
    return cumulative[top] / cumulative[n];
  }

  /**
   * The gain curve at {@code points} evenly spaced targets {@code t_i = i / (points - 1)}, i = 0..points-1:
   * point {@code i} targets the top {@code k_i = ceil(n * t_i)} users (exact integer arithmetic) and
   * reports {@code (k_i / n, spend of those users / total spend)}. The first point is (0, 0) and the last
   * (1, 1). When {@code points > n + 1} some consecutive points repeat.
   *
   * @param points number of points, at least 2
   * @throws IllegalArgumentException on invalid arrays, negative {@code actual} or {@code points < 2}
   * @throws UndefinedMetricException when total actual spend is 0
   */
  public static List<GainPoint> gainCurve(double[] predicted, double[] actual, int points) {
    int n = Checks.pair(predicted, actual);
    Checks.nonNegative("actual", actual);
    Checks.require(points >= 2, "points must be at least 2, got %d", points);
    double[] cumulative = cumulativeSpend(predicted, actual);
    List<GainPoint> curve = new ArrayList<>(points);
    for (int i = 0; i < points; i++) {
      int users = (int) ((n * (long) i + points - 2) / (points - 1));
      curve.add(new GainPoint((double) users / n, cumulative[users] / cumulative[n]));
    }
    return List.copyOf(curve);
  }

  private static double[] cumulativeSpend(double[] predicted, double[] actual) {
    double[] cumulative = Ranking.tieAveragedPrefixSums(actual, predicted);
    if (cumulative[actual.length] <= 0) {
      throw new UndefinedMetricException("spend shares are undefined when total actual spend is 0");
    }
    return cumulative;
  }
}
