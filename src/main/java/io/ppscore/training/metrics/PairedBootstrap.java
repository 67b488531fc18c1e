package io.ppscore.training.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/** Paired bootstrap confidence intervals for the difference of a metric between two models. */
public final class PairedBootstrap {

  private PairedBootstrap() {}

  /**
   * Estimates {@code metric(predA) - metric(predB)} with a 95 % percentile interval. Each resample draws
   * n user indices uniformly with replacement from a {@link SplittableRandom} seeded with {@code seed},
   * and evaluates both models on the same indices (pairing removes the between-user variance both models
   * share). The same seed always gives the same interval.
   *
   * <p>Percentiles interpolate linearly between order statistics (numpy's default): for sorted
   * differences {@code d_0..d_{m-1}} and {@code h = (m - 1) q}, the q-th percentile is
   * {@code d_floor(h) + (h - floor(h)) (d_floor(h)+1 - d_floor(h))}. A resample on which the metric throws
   * {@link UndefinedMetricException} or gives a non-finite difference (e.g. AUC of a resample without
   * buyers) is skipped, not redrawn, and counted in {@link Interval#skipped()}.
   *
   * @throws IllegalArgumentException on invalid arrays, {@code resamples < 1}, or a non-finite estimate
   * @throws UndefinedMetricException when the metric is undefined on the full data or on every resample
   */
  public static Interval difference(
      double[] actual, double[] predA, double[] predB, Metric metric, int resamples, long seed) {
    int n = Checks.sameLength("actual", actual, "predA", predA);
    Checks.sameLength("actual", actual, "predB", predB);
    Objects.requireNonNull(metric, "metric must not be null");
    Checks.require(resamples >= 1, "resamples must be at least 1, got %d", resamples);
    double estimate = metric.evaluate(predA, actual) - metric.evaluate(predB, actual);
    Checks.require(Double.isFinite(estimate), "metric difference on the full data must be finite, got %s", estimate);

    SplittableRandom random = new SplittableRandom(seed);
    double[] differences = new double[resamples];
    int used = 0;
    for (int r = 0; r < resamples; r++) {
      int[] users = random.ints(n, 0, n).toArray();
      double difference = resampledDifference(users, actual, predA, predB, metric);
      if (Double.isFinite(difference)) {
        differences[used++] = difference;
      }
    }
    if (used == 0) {
      throw new UndefinedMetricException("metric was undefined on all " + resamples + " resamples");
    }
    Arrays.sort(differences, 0, used);
    return new Interval(estimate, percentile(differences, used, 0.025), percentile(differences, used, 0.975),
        used, resamples - used);
  }

  /** Linear-interpolation percentile of the first {@code length} values of {@code sorted}. */
  static double percentile(double[] sorted, int length, double q) {
    double h = (length - 1) * q;
    int below = (int) Math.floor(h);
    int above = Math.min(below + 1, length - 1);
    return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
  }

  private static double resampledDifference(
      int[] users, double[] actual, double[] predA, double[] predB, Metric metric) {
    double[] sampleActual = pick(actual, users);
    try {
      return metric.evaluate(pick(predA, users), sampleActual) - metric.evaluate(pick(predB, users), sampleActual);
    } catch (UndefinedMetricException e) {
      return Double.NaN;
    }
  }

  private static double[] pick(double[] values, int[] users) {
    double[] picked = new double[users.length];
    for (int i = 0; i < users.length; i++) {
      picked[i] = values[users[i]];
    }
    return picked;
  }
}
