package io.ppscore.training.metrics;

/** Per-user and aggregate prediction errors for spend. */
public final class ErrorMetrics {

  private ErrorMetrics() {}

  /**
   * Mean absolute error: {@code mean(|predicted_i - actual_i|)}.
   *
   * @throws IllegalArgumentException on invalid arrays
   */
  public static double mae(double[] predicted, double[] actual) {
    int n = Checks.pair(predicted, actual);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.abs(predicted[i] - actual[i]);
    }
    return sum / n;
  }

  /**
   * Root mean squared error on the log scale:
   * {@code sqrt(mean((log(1 + max(predicted_i, 0)) - log(1 + actual_i))^2))}. Negative predictions are
   * clamped to 0 (no spend) so the logarithm is defined.
   *
   * @throws IllegalArgumentException on invalid arrays or negative {@code actual}
   */
  public static double rmseLog1p(double[] predicted, double[] actual) {
    int n = Checks.pair(predicted, actual);
    Checks.nonNegative("actual", actual);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double error = Math.log1p(Math.max(predicted[i], 0)) - Math.log1p(actual[i]);
      sum += error * error;
    }
    return Math.sqrt(sum / n);
  }

  /**
   * Relative error of total spend: {@code sum(predicted) / sum(actual) - 1}. Positive means the model
   * over-forecasts in aggregate; 0 means totals match even if individual users are wrong.
   *
   * @throws IllegalArgumentException on invalid arrays or negative {@code actual}
   * @throws UndefinedMetricException when total actual spend is 0
   */
  public static double aggregateBias(double[] predicted, double[] actual) {
    int n = Checks.pair(predicted, actual);
    Checks.nonNegative("actual", actual);
    double predictedTotal = 0;
    double actualTotal = 0;
    for (int i = 0; i < n; i++) {
      predictedTotal += predicted[i];
      actualTotal += actual[i];
    }
    if (actualTotal == 0) {
      throw new UndefinedMetricException("aggregate bias is undefined when total actual spend is 0");
    }
    return predictedTotal / actualTotal - 1;
  }
}
