package io.ppscore.replay;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The error for a dataset that gave not one event: the top skip reasons, and what malformed rows usually
 * mean, or that the file has no data rows. {@code replay}, {@code train}, {@code evaluate} and
 * {@code score-batch} all fail with it.
 */
public final class NoEventsRead {

  /** Skip reasons named in the error. */
  public static final int TOP_REASONS = 3;

  private NoEventsRead() {
  }

  /** The error for {@code source}, whose reading counted {@code stats} and gave no event. */
  public static IllegalArgumentException error(ReplaySource source, ReplayStats stats) {
    List<SkipReason> reasons = stats.skipReasons();
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

  /** One reason's count, e.g. {@code 2 rows skipped: malformed row}. */
  public static String count(ReplayStats stats, SkipReason reason) {
    return String.format(Locale.ROOT, "%,d %s skipped: %s", stats.skipped(reason), reason.unit(), reason.description());
  }
}
