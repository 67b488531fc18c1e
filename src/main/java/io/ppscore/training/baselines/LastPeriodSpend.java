package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The naive baseline: the spend of the last {@code H} days before the cut-off predicts the spend
 * of the next {@code H} days.
 */
public final class LastPeriodSpend {

  private LastPeriodSpend() {}

  /**
   * Sums the purchases in {@code [cutoff - horizon, cutoff)}.
   *
   * @param horizon a positive duration (use {@code Duration.ofDays(H)} for H days)
   */
  public static double predict(List<CustomerHistory.Purchase> purchases, Instant cutoff, Duration horizon) {
    Objects.requireNonNull(purchases, "purchases must not be null");
    Objects.requireNonNull(cutoff, "cutoff must not be null");
    requireArgument(horizon != null && !horizon.isNegative() && !horizon.isZero(), "horizon must be a positive duration: " + horizon);
    Instant start = cutoff.minus(horizon);
    return purchases.stream()
        .filter(p -> !p.at().isBefore(start) && p.at().isBefore(cutoff))
        .mapToDouble(CustomerHistory.Purchase::amount)
        .sum();
  }
}
