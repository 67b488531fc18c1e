package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;

import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Classic RFM scoring: recency, frequency and monetary value each scored 1..5 by quintile within a
 * reference population, and the three summed into a 3..15 ranking score.
 *
 * <p>Inputs: recency is days since the last purchase day ({@code T - t_x}; fewer days score
 * higher), frequency is {@link CustomerHistory#frequency()} and monetary is
 * {@link CustomerHistory#monetary()} (so one-time buyers share the lowest monetary scores).
 * Quintiles use mid-ranks, so tied values always share a score: a value's percentile is
 * {@code (#below + #equal / 2) / n} and its quintile {@code min(5, 1 + floor(5 * percentile))}.
 */
public final class RfmBaseline {

  private final double[] daysSinceLast;
  private final double[] frequencies;
  private final double[] monetaryValues;

  private RfmBaseline(List<CustomerHistory> population) {
    this.daysSinceLast = sorted(population, RfmBaseline::daysSinceLastPurchase);
    this.frequencies = sorted(population, CustomerHistory::frequency);
    this.monetaryValues = sorted(population, CustomerHistory::monetary);
  }

  /** An RFM score: each part in 1..5, 5 being the best customers. */
  public record RfmScore(int recency, int frequency, int monetary) {
    /** The ranking score used by the evaluator: {@code recency + frequency + monetary}, in 3..15. */
    public int sum() {
      return recency + frequency + monetary;
    }

    /** The conventional concatenated cell label, e.g. {@code 543}, for reporting only. */
    public int code() {
      return 100 * recency + 10 * frequency + monetary;
    }
  }

  /** Takes the quintile boundaries from {@code population}, which must not be empty. */
  public static RfmBaseline fit(List<CustomerHistory> population) {
    Objects.requireNonNull(population, "population must not be null");
    requireArgument(!population.isEmpty(), "RFM quintiles need a non-empty population");
    return new RfmBaseline(population);
  }

  /** Scores a customer, who need not belong to the fitted population. */
  public RfmScore score(CustomerHistory customer) {
    return new RfmScore(
        6 - quintile(daysSinceLast, daysSinceLastPurchase(customer)),
        quintile(frequencies, customer.frequency()),
        quintile(monetaryValues, customer.monetary()));
  }

  private static double daysSinceLastPurchase(CustomerHistory customer) {
    return customer.age() - customer.recency();
  }

  private static double[] sorted(List<CustomerHistory> population, ToDoubleFunction<CustomerHistory> feature) {
    return population.stream().mapToDouble(feature).sorted().toArray();
  }

  static int quintile(double[] sortedValues, double value) {
    int below = firstIndexNotBelow(sortedValues, value);
    int notAbove = firstIndexNotBelow(sortedValues, Math.nextUp(value));
    double percentile = (below + (notAbove - below) / 2.0) / sortedValues.length;
    return Math.min(5, 1 + (int) Math.floor(5 * percentile));
  }

  private static int firstIndexNotBelow(double[] sortedValues, double value) {
    int low = 0;
    int high = sortedValues.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (sortedValues[mid] < value) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
