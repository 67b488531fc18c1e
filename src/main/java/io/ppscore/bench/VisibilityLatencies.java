package io.ppscore.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Send-to-visible latencies of the paced phase from the scores a consumer sees: per event (each paced send a
 * visible score covers, from its send to the score's visibility) and, as earlier bench runs reported it, per
 * score (from the score's triggering event, the user's newest before the scoring run). Thread-safe.
 */
final class VisibilityLatencies {

  private final PacedSends sends;
  private final long fromMs;
  private final List<Long> perEventMs = new ArrayList<>();
  private final List<Long> perScoreMs = new ArrayList<>();

  /** @param fromMs scores triggered before this are not counted per score (they are not the phase's) */
  VisibilityLatencies(PacedSends sends, long fromMs) {
    this.sends = sends;
    this.fromMs = fromMs;
  }

  /**
   * A score of {@code userId} triggered by an event at {@code triggeredMs} became visible at {@code visibleMs}:
   * every send of that user at or before the triggering event's time is in it.
   */
  synchronized void scoreVisible(String userId, long triggeredMs, long visibleMs) {
    if (triggeredMs >= fromMs) {
      perScoreMs.add(visibleMs - triggeredMs);
    }
    sends.takeUpTo(userId, triggeredMs, sendMs -> perEventMs.add(visibleMs - sendMs));
  }

  synchronized long[] perEvent() {
    return perEventMs.stream().mapToLong(Long::longValue).toArray();
  }

  synchronized long[] perScore() {
    return perScoreMs.stream().mapToLong(Long::longValue).toArray();
  }
}
