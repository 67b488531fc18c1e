package io.ppscore.state;

import java.time.Duration;
import java.time.Instant;

/**
 * The trailing windows a user's state is reported over. A window of length L at reference time T sums
 * the buckets of its granularity whose start lies in {@code [start(T) - L + bucket, start(T)]}, where
 * {@code start(T)} is the start of the bucket holding T: the current, partly elapsed bucket plus the
 * preceding whole ones. So "1h" covers between 59 and 60 minutes and "7d" the current UTC day and the six
 * before it. Lifetime is everything accepted so far.
 */
public enum Window {
  H1("1h", Duration.ofHours(1), Granularity.MINUTE),
  H24("24h", Duration.ofHours(24), Granularity.HOUR),
  D7("7d", Duration.ofDays(7), Granularity.DAY),
  D30("30d", Duration.ofDays(30), Granularity.DAY),
  D90("90d", Duration.ofDays(90), Granularity.DAY),
  D365("365d", Duration.ofDays(365), Granularity.DAY),
  LIFETIME("lifetime", null, null);

  private final String label;
  private final Duration length;
  private final Granularity granularity;

  Window(String label, Duration length, Granularity granularity) {
    this.label = label;
    this.length = length;
    this.granularity = granularity;
  }

  /** Short name used in JSON and feature names, such as {@code 24h}. */
  public String label() {
    return label;
  }

  /** Bucket store the window reads; null for {@link #LIFETIME}. */
  public Granularity granularity() {
    return granularity;
  }

  /** Start of the first bucket in the window at {@code asOf}. */
  public Instant firstBucket(Instant asOf) {
    return granularity.bucketStart(asOf).minus(length).plus(granularity.size());
  }

  /** Start of the last bucket in the window at {@code asOf}. */
  public Instant lastBucket(Instant asOf) {
    return granularity.bucketStart(asOf);
  }
}
