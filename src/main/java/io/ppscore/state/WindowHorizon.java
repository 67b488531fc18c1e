package io.ppscore.state;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * The earliest reference time ({@code asOf}) at which every {@link Window} still reads complete buckets. A
 * window store hides (and then drops) buckets older than its own stream time minus its retention; that stream
 * time is the latest bucket put, which can run up to {@code validation.max.future.ms} ahead of the task's
 * event-time watermark (a future-stamped event is bucketed at its own time, and the watermark never passes
 * the wall clock). Counting with that worst case, a window is complete when its first bucket starts at or
 * after {@code watermark + maxFuture - retention + 1 ms} (the first instant Kafka's window stores still return).
 */
public final class WindowHorizon {

  private final Map<Granularity, Duration> retentions = new EnumMap<>(Granularity.class);
  private final Duration maxFuture;

  /**
   * @param retentionsByStore the bucket stores' retentions by store name (other stores are ignored)
   * @param maxFuture how far ahead of the wall clock an accepted event may be stamped
   */
  public WindowHorizon(Map<String, Duration> retentionsByStore, Duration maxFuture) {
    for (Granularity g : Granularity.values()) {
      Duration retention = retentionsByStore.get(g.storeName());
      if (retention == null) {
        throw new IllegalArgumentException("no retention for the bucket store " + g.storeName());
      }
      retentions.put(g, retention);
    }
    this.maxFuture = maxFuture;
  }

  /** The earliest {@code asOf} whose windows are all complete in stores whose task's watermark is {@code watermarkMs}. */
  public Instant earliestCompleteAsOf(long watermarkMs) {
    long earliest = Long.MIN_VALUE;
    for (Window window : Window.values()) {
      if (window.granularity() == null) {
        continue; // lifetime: the profile, never expired
      }
      Granularity g = window.granularity();
      long firstReadable = watermarkMs + maxFuture.toMillis() - retentions.get(g).toMillis() + 1;
      // the window's first bucket is its reference bucket's start minus its reach: that start must be at or
      // after firstReadable + reach, so asOf is at or after that instant rounded up to a bucket start
      long referenceBucket = firstReadable + window.reach().toMillis();
      earliest = Math.max(earliest, g.bucketStart(referenceBucket + g.size().toMillis() - 1));
    }
    return Instant.ofEpochMilli(earliest);
  }
}
