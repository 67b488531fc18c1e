package io.ppscore.training;

import io.ppscore.replay.NoEventsRead;
import io.ppscore.replay.ReplayEvent.Kind;
import io.ppscore.replay.ReplaySource;
import io.ppscore.replay.ReplayStats;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What reading a dataset gave: events per kind and the parts skipped per reason, for the progress output,
 * and the error when nothing usable was read (every row skipped, or no data row at all).
 */
final class ReadSummary {

  private ReadSummary() {
  }

  /** Events per kind, e.g. {@code 1,200 orders, 17,055 clicks}; kinds without events left out. */
  static String events(ReplayStats stats) {
    String kinds = Arrays.stream(Kind.values()).filter(k -> stats.read(k) > 0)
        .map(k -> String.format(Locale.ROOT, "%,d %ss", stats.read(k), k.name().toLowerCase(Locale.ROOT)))
        .collect(Collectors.joining(", "));
    return kinds.isEmpty() ? "none" : kinds;
  }

  /** One line per skip reason with a count, most first, indented; empty when nothing was skipped. */
  static String skipped(ReplayStats stats) {
    return stats.skipReasons().stream().map(r -> "  " + NoEventsRead.count(stats, r) + System.lineSeparator())
        .collect(Collectors.joining());
  }

  /**
   * The error for a dataset that gave no event: the top skip reasons, and what malformed rows usually
   * mean, or that the file has no data rows.
   */
  static IllegalArgumentException noEvents(ReplaySource source, ReplayStats stats) {
    return NoEventsRead.error(source, stats);
  }
}
