package io.ppscore.replay;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One parsed REES46 row; {@code categoryCode}, {@code brand}, {@code userId}, {@code session} may be null. */
record Rees46Row(long line, Instant time, String eventType, String productId, String categoryCode,
    String brand, BigDecimal price, String userId, String session) {

  static final String ID_PREFIX = "rees46:";

  String eventId() {
    return ID_PREFIX + line;
  }

  /** A deterministic order id: one purchase row is one order of one product. */
  String orderId() {
    return ID_PREFIX + session + ":" + productId + ":" + time.getEpochSecond();
  }

  /** Brand, then the words of the category code ({@code samsung electronics smartphone}); null if neither. */
  String title() {
    String words = Stream.of(brand, categoryCode == null ? null : categoryCode.replace('.', ' ').replace('_', ' '))
        .filter(part -> part != null && !part.isBlank())
        .collect(Collectors.joining(" "));
    return words.isEmpty() ? null : words.toLowerCase(Locale.ROOT);
  }
}
