package io.ppscore.training.metrics;

/**
 * One row of a calibration table: the users in one prediction decile.
 *
 * @param decile 1 for the lowest predictions up to 10 for the highest
 * @param count users in the decile, at least 1
 * @param meanPredicted mean predicted spend of those users
 * @param meanActual mean actual spend of those users
 */
public record DecileRow(int decile, int count, double meanPredicted, double meanActual) {

  /** Checks the decile number and count. */
  public DecileRow {
    Checks.require(decile >= 1 && decile <= Calibration.DECILES, "decile must be in [1, 10], got %d", decile);
    Checks.require(count >= 1, "count must be at least 1, got %d", count);
  }
}
