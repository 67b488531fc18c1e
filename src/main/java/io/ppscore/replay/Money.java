package io.ppscore.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Prices as the event schemas want them: exact decimals of scale 4. */
final class Money {

  static final int SCALE = 4;

  private Money() {
  }

  /**
   * Parses a price written in plain decimal notation at scale 4; more decimals are rounded half-even and
   * counted as {@link Adjustment#PRICE_ROUNDED}.
   *
   * @throws NumberFormatException if {@code text} is not a decimal number
   */
  static BigDecimal price(String text, ReplayStats stats) {
    BigDecimal price = new BigDecimal(text);
    if (price.scale() > SCALE) {
      stats.countAdjusted(Adjustment.PRICE_ROUNDED);
      return price.setScale(SCALE, RoundingMode.HALF_EVEN);
    }
    return price.setScale(SCALE, RoundingMode.UNNECESSARY);
  }
}
