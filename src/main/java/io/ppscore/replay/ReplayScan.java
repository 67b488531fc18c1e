package io.ppscore.replay;

import java.util.stream.Stream;

/**
 * The result of a first, parse-only pass over a dataset: how many events it yields (up to a limit) and
 * the first one's time and the range of their times.
 */
record ReplayScan(long events, long firstTimeMs, long minTimeMs, long maxTimeMs) {

  /**
   * Reads the first {@code limit} events of {@code source}, counting them and their time range, and what
   * was skipped on the way in {@code stats}.
   */
  static ReplayScan of(DatasetReader reader, ReplaySource source, long limit, ReplayStats stats) {
    long count = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    long first = Long.MIN_VALUE;
    try (Stream<ReplayEvent> events = reader.events(source, stats)) {
      var it = events.limit(limit).iterator();
      while (it.hasNext()) {
        long time = it.next().timestampMs();
        if (count == 0) {
          first = time;
        }
        count++;
        min = Math.min(min, time);
        max = Math.max(max, time);
      }
    }
    return new ReplayScan(count, first, min, max);
  }
}
