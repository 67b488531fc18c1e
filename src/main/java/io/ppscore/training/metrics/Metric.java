package io.ppscore.training.metrics;

/**
 * A metric of one model's predictions against actual spend, e.g. {@code RankMetrics::normalizedGini} or
 * {@code Auc::anyPurchaseAuc} (which derives its label {@code actual > 0} itself). Implementations must
 * not modify the arrays; on data where they are undefined they should throw
 * {@link UndefinedMetricException}.
 */
@FunctionalInterface
public interface Metric {

  /** The metric's value for {@code predicted} against {@code actual} (same length, one user per index). */
  double evaluate(double[] predicted, double[] actual);
}
