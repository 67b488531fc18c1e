package io.ppscore.training.metrics;

/**
 * A bootstrap estimate of a metric difference with its 95 % percentile interval.
 *
 * @param estimate the difference on the full data
 * @param lower 2.5th percentile of the resampled differences
 * @param upper 97.5th percentile of the resampled differences
 * @param resamples resamples the percentiles were computed from
 * @param skipped resamples left out because the metric was undefined on them
 */
public record Interval(double estimate, double lower, double upper, int resamples, int skipped) {

  /** Checks the bounds are ordered and the counts plausible. */
  public Interval {
    Checks.require(lower <= upper, "lower must not exceed upper, got %s > %s", lower, upper);
    Checks.require(resamples >= 1, "resamples must be at least 1, got %d", resamples);
    Checks.require(skipped >= 0, "skipped must not be negative, got %d", skipped);
  }

  /** Whether {@code value} lies in {@code [lower, upper]}. */
  public boolean contains(double value) {
    return lower <= value && value <= upper;
  }
}
