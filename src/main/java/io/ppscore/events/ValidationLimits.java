package io.ppscore.events;

import io.ppscore.config.AppConfig;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** The bounds {@link EventValidator} enforces; all configurable (see {@link AppConfig}). */
public record ValidationLimits(int maxStringLength, int maxIdLength, Duration maxFuture, Instant minEventTime,
    BigDecimal maxUnitPrice, int maxQuantity, int maxOrderLines) {

  public ValidationLimits {
    if (maxStringLength < 1 || maxIdLength < 1 || maxQuantity < 1 || maxOrderLines < 1) {
      throw new IllegalArgumentException("validation lengths, quantity and order lines must be positive");
    }
  }

  /** The limits configured in {@code config}. */
  public static ValidationLimits from(AppConfig config) {
    return new ValidationLimits(
        config.getInt(AppConfig.VALIDATION_MAX_STRING_LENGTH_CONFIG),
        config.getInt(AppConfig.VALIDATION_MAX_ID_LENGTH_CONFIG),
        Duration.ofMillis(config.getLong(AppConfig.VALIDATION_MAX_FUTURE_MS_CONFIG)),
        Instant.ofEpochMilli(config.getLong(AppConfig.VALIDATION_MIN_EVENT_TIME_CONFIG)),
        BigDecimal.valueOf(config.getDouble(AppConfig.VALIDATION_MAX_UNIT_PRICE_CONFIG)),
        config.getInt(AppConfig.VALIDATION_MAX_QUANTITY_CONFIG),
        config.getInt(AppConfig.VALIDATION_MAX_ORDER_LINES_CONFIG));
  }
}
