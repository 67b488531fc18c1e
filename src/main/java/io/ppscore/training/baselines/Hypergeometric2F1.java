package io.ppscore.training.baselines;

import static io.ppscore.training.baselines.Checks.requireArgument;

/**
 * The Gauss hypergeometric function {@code 2F1(a, b; c; z)} for real parameters and
 * {@code 0 <= z < 1}, summed as its power series {@code sum (a)_n (b)_n / ((c)_n n!) z^n}.
 *
 * <p>Limits: the series converges for every {@code z < 1}, but the number of terms needed grows
 * like {@code log(eps) / log(z)} (about 3,500 terms at {@code z = 0.99}, 35,000 at
 * {@code z = 0.999}); summation stops with an {@link ArithmeticException} after
 * {@value #MAX_TERMS} terms rather than returning an unconverged value. Large {@code a} and
 * {@code b} make the terms grow before they decay and can overflow a double (the sum behaves like
 * {@code (1-z)^(c-a-b)} near {@code z = 1}); callers with large parameters should pick the form of
 * their function whose series stays small, as {@link BgNbdModel} does. {@code c} must not be 0 or a
 * negative integer ({@link #valueMinusOneTimesC} allows 0). Negative integer {@code a} or {@code b}
 * give a terminating polynomial.
 */
final class Hypergeometric2F1 {

  static final int MAX_TERMS = 200_000;
  private static final double RELATIVE_TOLERANCE = 1e-16;

  private Hypergeometric2F1() {}

  /** Returns {@code 2F1(a, b; c; z)}. */
  static double value(double a, double b, double c, double z) {
    return 1.0 + valueMinusOne(a, b, c, z);
  }

  /**
   * Returns {@code 2F1(a, b; c; z) - 1}, the series without its leading 1, which keeps full relative
   * precision when the function is close to 1 (for instance when {@code a} or {@code b} is near 0).
   */
  static double valueMinusOne(double a, double b, double c, double z) {
    return seriesMinusOne(a, b, c, z).sum();
  }

  /** {@link #valueMinusOne} with the sum of its terms' magnitudes, to judge how much cancellation cost. */
  static Series seriesMinusOne(double a, double b, double c, double z) {
    requireArgument(!(c <= 0 && c == Math.rint(c)), "2F1 is undefined for c = 0, -1, -2, ...: " + c);
    return sumFrom(a, b, c, z, a * b / c * z);
  }

  /**
   * Returns {@code c (2F1(a, b; c; z) - 1)}, which unlike {@code 2F1} itself has a finite limit at
   * {@code c = 0} (its first term is {@code a b z}, and no later term divides by {@code c}): this
   * method also returns that limit. {@code c} must not be a negative integer.
   */
  static double valueMinusOneTimesC(double a, double b, double c, double z) {
    return seriesMinusOneTimesC(a, b, c, z).sum();
  }

  /** {@link #valueMinusOneTimesC} with the sum of its terms' magnitudes. */
  static Series seriesMinusOneTimesC(double a, double b, double c, double z) {
    requireArgument(!(c < 0 && c == Math.rint(c)), "c (2F1 - 1) is undefined for c = -1, -2, ...: " + c);
    return sumFrom(a, b, c, z, a * b * z);
  }

  /**
   * A sum of series terms and the sum of their magnitudes. Rounding errs by about 1e-16 of the magnitudes,
   * so when the terms alternate and cancel (a large negative {@code a} or {@code b}) the error is judged
   * where the sum is used, next to the result it enters (see {@code BgNbdModel}).
   */
  record Series(double sum, double magnitude) {
  }

  /** Sums {@code first} and the series' later terms, each the previous one times the usual term ratio. */
  private static Series sumFrom(double a, double b, double c, double z, double first) {
    requireArgument(z >= 0 && z < 1, "2F1 series needs 0 <= z < 1: " + z);
    requireArgument(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c), "2F1 parameters must be finite");
    double term = first;
    double sum = first;
    double magnitude = Math.abs(first);
    for (int n = 1; ; n++) {
      if (term == 0.0) {
        return new Series(sum, magnitude); // z = 0, or a or b is a non-positive integer: the series terminates
      }
      if (!Double.isFinite(sum) || !Double.isFinite(magnitude)) {
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") overflows a double");
      }
      // Once a + n, b + n and c + n are positive, every later term ratio is
      // z * (a+m)/(c+m) * (b+m)/(m+1) with both fractions monotone in m (m >= n), so it is bounded by z times
      // max(fraction at m = n, its limit 1) each: the tail is at most a geometric series with that ratio.
      // The same holds with a and b swapped; the smaller bound is taken (a huge b paired with c gives a
      // bound below 1 long before n reaches b).
      if (a + n > 0 && b + n > 0 && c + n > 0) {
        double tailRatio = z * Math.min(Math.max((a + n) / (c + n), 1) * Math.max((b + n) / (n + 1.0), 1),
            Math.max((b + n) / (c + n), 1) * Math.max((a + n) / (n + 1.0), 1));
        if (tailRatio < 1 && Math.abs(term) * tailRatio / (1 - tailRatio) <= RELATIVE_TOLERANCE * Math.abs(sum)) {
          return new Series(sum, magnitude);
        }
      }
      if (n >= MAX_TERMS) {
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge in "
            + MAX_TERMS + " terms");
      }
      term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
      sum += term;
      magnitude += Math.abs(term);
    }
  }
}
