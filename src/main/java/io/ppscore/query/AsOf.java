package io.ppscore.query;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code asOf} query parameter: an ISO-8601 instant (with Z or an offset) or epoch milliseconds, in the
 * years 1970 to 9999 (UTC).
 */
final class AsOf {

  private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,15}");
  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

  private AsOf() {
  }

  /**
   * The parsed instant, or now on {@code clock} to the millisecond when absent (the stores' precision; the
   * JSON's {@code asOf} then prints no micro- or nanoseconds); 400 for anything else.
   */
  static Instant parse(Optional<String> value, Clock clock) {
    if (value.isEmpty()) {
      return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
    String text = value.get();
    Instant asOf;
    try {
      asOf = EPOCH_MILLIS.matcher(text).matches() ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
    } catch (DateTimeException e) {
      throw ApiException.badRequest("asOf must be an ISO-8601 instant (2024-05-01T12:00:00Z) or epoch milliseconds");
    }
    // Instant.parse accepts up to Instant.MAX, whose toEpochMilli() overflows when the stores are read.
    if (asOf.isBefore(EARLIEST) || !asOf.isBefore(AFTER_LATEST)) {
      throw ApiException.badRequest("asOf must be in the years 1970 to 9999 (UTC)");
    }
    return asOf;
  }
}
