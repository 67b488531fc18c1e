package io.ppscore.training.metrics;

import java.util.Objects;

/** Argument checks shared by the metrics, with messages naming the argument and index. */
final class Checks {

  private Checks() {}

  static void require(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /** Checks a predicted/actual pair and returns its length. */
  static int pair(double[] predicted, double[] actual) {
    return sameLength("predicted", predicted, "actual", actual);
  }

  /** Checks both arrays are finite and non-empty and have the same length, which is returned. */
  static int sameLength(String nameA, double[] a, String nameB, double[] b) {
    finite(nameA, a);
    finite(nameB, b);
    require(a.length == b.length, "%s and %s must have the same length, got %d and %d",
        nameA, nameB, a.length, b.length);
    return a.length;
  }

  static void finite(String name, double[] values) {
    Objects.requireNonNull(values, name + " must not be null");
    require(values.length > 0, "%s must not be empty", name);
    for (int i = 0; i < values.length; i++) {
      require(Double.isFinite(values[i]), "%s[%d] must be finite, got %s", name, i, values[i]);
    }
  }

  static void nonNegative(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      require(values[i] >= 0, "%s[%d] is spend and must not be negative, got %s", name, i, values[i]);
    }
  }

  static boolean allEqual(double[] values) {
    for (double value : values) {
      if (value != values[0]) {
        return false;
      }
    }
    return true;
  }
}
