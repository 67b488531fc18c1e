package io.ppscore.query;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code asOf} query parameter: an ISO-8601 instant (with Z or an offset) or epoch milliseconds. */
final class AsOf {

  private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,15}");

  private AsOf() {
  }

  /** The parsed instant, or now on {@code clock} when absent; 400 for anything else. */
  static Instant parse(Optional<String> value, Clock clock) {
    if (value.isEmpty()) {
      return clock.instant();
    }
    String text = value.get();
    try {
      return EPOCH_MILLIS.matcher(text).matches() ? Instant.ofEpochMilli(Long.parseLong(text)) : Instant.parse(text);
    } catch (DateTimeException e) {
      throw ApiException.badRequest("asOf must be an ISO-8601 instant (2024-05-01T12:00:00Z) or epoch milliseconds");
    }
  }
}
