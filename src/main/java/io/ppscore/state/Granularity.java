package io.ppscore.state;

import java.time.Duration;
import java.time.Instant;

/**
 * Bucket sizes of the per-user window stores. Each event is added to its minute, hour and day bucket;
 * a window is summed from the coarsest buckets that fit it, so reading any window touches at most 366
 * small records.
 */
public enum Granularity {
  MINUTE(Duration.ofMinutes(1), StoreNames.MINUTE_BUCKETS, Duration.ofHours(1)),
  HOUR(Duration.ofHours(1), StoreNames.HOUR_BUCKETS, Duration.ofHours(24)),
  DAY(Duration.ofDays(1), StoreNames.DAY_BUCKETS, Duration.ofDays(365));

  private final Duration size;
  private final String storeName;
  private final Duration longestWindow;

  Granularity(Duration size, String storeName, Duration longestWindow) {
    this.size = size;
    this.storeName = storeName;
    this.longestWindow = longestWindow;
  }

  /** Length of one bucket. */
  public Duration size() {
    return size;
  }

  /** Name of the window store holding buckets of this size. */
  public String storeName() {
    return storeName;
  }

  /** Start of the bucket that holds {@code eventTime} (buckets are aligned to the epoch, UTC). */
  public long bucketStart(long eventTimeMs) {
    return Math.floorDiv(eventTimeMs, size.toMillis()) * size.toMillis();
  }

  /** Start of the bucket that holds {@code at}. */
  public Instant bucketStart(Instant at) {
    return Instant.ofEpochMilli(bucketStart(at.toEpochMilli()));
  }

  /**
   * How long the store keeps buckets: the longest window read from it, plus {@code slack} (how far behind the
   * store's own stream time an event may still update it: the grace period, and how far ahead of the wall
   * clock an event may be stamped), plus one bucket.
   */
  public Duration retention(Duration slack) {
    return longestWindow.plus(slack).plus(size);
  }
}
