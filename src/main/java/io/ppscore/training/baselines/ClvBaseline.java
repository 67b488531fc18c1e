package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;

import java.util.List;
import java.util.Objects;

/**
 * The classic probabilistic customer-value baseline: BG/NBD for how often a customer will buy,
 * Gamma-Gamma for how much they spend per purchase day, assumed independent (the Gamma-Gamma
 * premise).
 *
 * @param purchases the purchase-count model
 * @param spend     the spend-per-purchase-day model
 */
public record ClvBaseline(BgNbdModel purchases, GammaGammaModel spend) {

  /** Checks both models are present. */
  public ClvBaseline {
    Objects.requireNonNull(purchases, "purchase model must not be null");
    Objects.requireNonNull(spend, "spend model must not be null");
  }

  /** Fits BG/NBD on every customer and Gamma-Gamma on those with positive repeat spend. */
  public static ClvBaseline fit(List<CustomerHistory> customers) {
    return new ClvBaseline(BgNbdModel.fit(customers), GammaGammaModel.fit(customers));
  }

  /**
   * Predicted spend in the next {@code horizonDays}: BG/NBD expected purchase days times
   * Gamma-Gamma expected spend per purchase day.
   */
  public double predictedSpend(CustomerHistory customer, double horizonDays) {
    requireArgument(horizonDays >= 0, "horizon must be >= 0 days: " + horizonDays);
    return purchases.expectedPurchases(customer, horizonDays) * spend.expectedAverageValue(customer);
  }

  /**
   * Probability of at least one purchase in the next {@code horizonDays}, derived from BG/NBD
   * (see {@link BgNbdModel#probabilityOfPurchase}), not a ranking-only score.
   */
  public double probabilityOfPurchase(CustomerHistory customer, double horizonDays) {
    return purchases.probabilityOfPurchase(customer, horizonDays);
  }
}
