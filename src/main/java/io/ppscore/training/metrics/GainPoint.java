package io.ppscore.training.metrics;

/**
 * One point of a gain chart: targeting the top {@code userShare} of users ranked by prediction captures
 * {@code spendShare} of all actual spend.
 *
 * @param userShare share of users targeted, {@code users / n}, in [0, 1]
 * @param spendShare share of total actual spend those users hold, in [0, 1]
 */
public record GainPoint(double userShare, double spendShare) {

  /** Checks both shares lie in [0, 1]. */
  public GainPoint {
    Checks.require(userShare >= 0 && userShare <= 1, "userShare must be in [0, 1], got %s", userShare);
    Checks.require(spendShare >= 0 && spendShare <= 1, "spendShare must be in [0, 1], got %s", spendShare);
  }
}
