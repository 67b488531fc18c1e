package io.ppscore.training.metrics;

/**
 * Valid input on which a metric has no value, e.g. the AUC of a sample without positives or the
 * normalized Gini of users who all spent the same. It is an {@link IllegalArgumentException} so callers
 * see one exception type for unusable input; {@link PairedBootstrap} catches exactly this subtype to skip
 * degenerate resamples.
 */
public class UndefinedMetricException extends IllegalArgumentException {

  /** Creates the exception with a message saying why the metric is undefined. */
  public UndefinedMetricException(String message) {
    super(message);
  }
}
