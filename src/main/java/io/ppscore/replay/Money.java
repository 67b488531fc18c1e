package io.ppscore.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Prices as the event schemas want them: exact decimals of scale 4. */
final class Money {

  static final int SCALE = 4;
  /** Digits before the decimal point that fit the schemas' decimal(18,4). */
  static final int INTEGER_DIGITS = 14;
  /** The largest decimal(18,4): 99,999,999,999,999.9999. */
  private static final BigDecimal LARGEST = new BigDecimal("99999999999999.9999");

  private Money() {
  }

  /**
   * Parses a price written in plain decimal notation at scale 4; more decimals are rounded half-even and
   * counted as {@link Adjustment#PRICE_ROUNDED}.
   *
   * @throws NumberFormatException if {@code text} is not a decimal number, or one too large for decimal(18,4)
   *     (checked before rescaling, so {@code 1e999999999} fails at once, and again after rounding, which can
   *     carry into a fifteenth integer digit: {@code 99999999999999.99995})
   */
  static BigDecimal price(String text, ReplayStats stats) {
    BigDecimal price = new BigDecimal(text);
    if ((long) price.precision() - price.scale() > INTEGER_DIGITS) {
      throw new NumberFormatException("price " + text + " does not fit decimal(18,4)");
    }
    if ((long) price.scale() - price.precision() > SCALE) {
      // below 0.00001: rounds to zero; rescaling 1e-999999999 would compute 10^999999995 first
      stats.countAdjusted(Adjustment.PRICE_ROUNDED);
      return BigDecimal.ZERO.setScale(SCALE);
    }
    if (price.scale() > SCALE) {
      BigDecimal rounded = price.setScale(SCALE, RoundingMode.HALF_EVEN);
      if (rounded.abs().compareTo(LARGEST) > 0) {
        throw new NumberFormatException("price " + text + " rounds to " + rounded + ", which does not fit decimal(18,4)");
      }
      stats.countAdjusted(Adjustment.PRICE_ROUNDED);
      return rounded;
    }
    return price.setScale(SCALE, RoundingMode.UNNECESSARY);
  }
}
