package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One customer's purchase summary at a calibration cut-off, in the shape the BG/NBD and
 * Gamma-Gamma models are fitted on (the {@code lifetimes} conventions). All times are in days.
 *
 * <p>Purchases are grouped by UTC calendar day and their amounts summed per day, so "a purchase"
 * below means "a purchase day".
 *
 * @param frequency number of <em>repeat</em> purchase days: distinct purchase days minus one
 * @param recency   days from the first to the last purchase day (0 when {@code frequency} is 0)
 * @param age       days from the start (UTC midnight) of the first purchase day to the cut-off,
 *                  always &gt; 0 and &ge; {@code recency}
 * @param monetary  mean spend per repeat purchase day: the summed daily totals of every purchase
 *                  day except the first, divided by {@code frequency}; 0 when {@code frequency} is
 *                  0. The first day is left out because Gamma-Gamma is fitted on repeat spend only.
 */
public record CustomerHistory(int frequency, double recency, double age, double monetary) {

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  /** Checks the summary is internally consistent. */
  public CustomerHistory {
    requireArgument(frequency >= 0, "frequency must not be negative: " + frequency);
    requireArgument(recency >= 0 && Double.isFinite(recency), "recency must be finite and >= 0: " + recency);
    requireArgument(age > 0 && Double.isFinite(age), "age must be finite and > 0: " + age);
    requireArgument(recency <= age, "recency " + recency + " must not exceed age " + age);
    requireArgument(frequency > 0 || recency == 0, "recency must be 0 when frequency is 0");
    requireArgument(monetary >= 0 && Double.isFinite(monetary), "monetary must be finite and >= 0: " + monetary);
    requireArgument(frequency > 0 || monetary == 0, "monetary must be 0 when frequency is 0");
  }

  /** One purchase: when it happened and how much was spent (a non-negative, finite amount). */
  public record Purchase(Instant at, double amount) {
    /** Checks the instant is present and the amount is a non-negative finite number. */
    public Purchase {
      Objects.requireNonNull(at, "purchase instant must not be null");
      requireArgument(amount >= 0 && Double.isFinite(amount), "purchase amount must be finite and >= 0: " + amount);
    }
  }

  /**
   * Summarises the purchases made strictly before {@code cutoff}; later purchases are ignored, so a
   * full history can be passed for a point-in-time summary.
   *
   * @return the summary, or empty when no purchase precedes the cut-off (the models only describe
   *     customers who have made their first purchase)
   */
  public static Optional<CustomerHistory> at(Instant cutoff, List<Purchase> purchases) {
    Objects.requireNonNull(cutoff, "cutoff must not be null");
    Objects.requireNonNull(purchases, "purchases must not be null");
    TreeMap<Instant, Double> spendByDay = new TreeMap<>();
    for (Purchase purchase : purchases) {
      if (purchase.at().isBefore(cutoff)) {
        spendByDay.merge(purchase.at().truncatedTo(ChronoUnit.DAYS), purchase.amount(), Double::sum);
      }
    }
    if (spendByDay.isEmpty()) {
      return Optional.empty();
    }
    Instant firstDay = spendByDay.firstKey();
    int frequency = spendByDay.size() - 1;
    double repeatSpend = spendByDay.tailMap(firstDay, false).values().stream().mapToDouble(Double::doubleValue).sum();
    return Optional.of(new CustomerHistory(
        frequency,
        daysBetween(firstDay, spendByDay.lastKey()),
        daysBetween(firstDay, cutoff),
        frequency == 0 ? 0.0 : repeatSpend / frequency));
  }

  private static double daysBetween(Instant from, Instant to) {
    return (to.toEpochMilli() - from.toEpochMilli()) / MILLIS_PER_DAY;
  }
}
