package io.ppscore.training.baselines;

/** Argument checks shared by the baselines, failing with a message that names the bad value. */
final class Checks {

  private Checks() {}

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition} holds. */
  static void requireArgument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Requires a finite, strictly positive model parameter. */
  static double requirePositive(double value, String name) {
    requireArgument(value > 0 && Double.isFinite(value), name + " must be finite and > 0: " + value);
    return value;
  }
}
