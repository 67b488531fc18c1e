package io.ppscore.training;

import io.ppscore.replay.ReplayEvent.Kind;
import io.ppscore.replay.ReplaySource;
import io.ppscore.replay.ReplayStats;
import io.ppscore.replay.SkipReason;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What reading a dataset gave: events per kind and the parts skipped per reason, for the progress output,
 * and the error when nothing usable was read (every row skipped, or no data row at all).
 */
final class ReadSummary {

  /** Skip reasons named in the error when no event was read. */
  static final int TOP_REASONS = 3;

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
    return reasons(stats).stream().map(r -> "  " + count(stats, r) + System.lineSeparator()).collect(Collectors.joining());
  }

  /**
   * The error for a dataset that gave no event: the top skip reasons, and what malformed rows usually
   * mean, or that the file has no data rows.
   */
  static IllegalArgumentException noEvents(ReplaySource source, ReplayStats stats) {
    List<SkipReason> reasons = reasons(stats);
    if (reasons.isEmpty()) {
      return new IllegalArgumentException("no events read from " + source + ": it has no data rows");
    }
    String top = reasons.stream().limit(TOP_REASONS).map(r -> count(stats, r)).collect(Collectors.joining("; "));
    String hint = reasons.subList(0, Math.min(TOP_REASONS, reasons.size())).contains(SkipReason.MALFORMED_ROW)
        ? ". A malformed row has the wrong number of columns, or a number or date that does not parse: check "
            + "--format and that the file is comma-separated, with decimal points and dates like 2009-12-01 07:45 "
            + "(online-retail) or 2019-10-01 00:00:00 UTC (rees46)"
        : "";
    return new IllegalArgumentException("no events read from " + source + ", everything was skipped: " + top + hint);
  }

  private static List<SkipReason> reasons(ReplayStats stats) {
    return Arrays.stream(SkipReason.values()).filter(r -> stats.skipped(r) > 0)
        .sorted(Comparator.comparingLong(stats::skipped).reversed()).toList();
  }

  private static String count(ReplayStats stats, SkipReason reason) {
    return String.format(Locale.ROOT, "%,d %s skipped: %s", stats.skipped(reason), reason.unit(), reason.description());
  }
}
