package io.ppscore.state;

import java.time.Duration;
import java.time.Instant;

/**
 * The trailing windows a user's state is reported over. A window of length L at reference time T sums
 * the buckets of its granularity whose start lies in {@code [start(T) - L + bucket, start(T)]}, where
 * {@code start(T)} is the start of the bucket holding T: the current, partly elapsed bucket plus the
 * preceding whole ones. So "1h" covers between 59 and 60 minutes and "7d" the current UTC day and the six
 * before it. Lifetime is everything accepted so far.
 *
 * <p>The two "last year" windows look at the same season one year earlier: the 30 or 90 days starting
 * 365 days before the reference day, that is, what the user did in the period a forecast made now covers,
 * a year ago. Seasonal buyers (wholesalers stocking up for Christmas) show there.
 */
public enum Window {
  H1("1h", Duration.ofHours(1), Granularity.MINUTE),
  H24("24h", Duration.ofHours(24), Granularity.HOUR),
  D7("7d", Duration.ofDays(7), Granularity.DAY),
  D30("30d", Duration.ofDays(30), Granularity.DAY),
  D90("90d", Duration.ofDays(90), Granularity.DAY),
  D365("365d", Duration.ofDays(365), Granularity.DAY),
  NEXT30_LAST_YEAR("next30dLastYear", Duration.ofDays(30), Duration.ofDays(365)),
  NEXT90_LAST_YEAR("next90dLastYear", Duration.ofDays(90), Duration.ofDays(365)),
  LIFETIME("lifetime", null, (Granularity) null);

  private final String label;
  private final Duration length;
  private final Granularity granularity;
  /** How far before the reference bucket the window's first bucket starts. */
  private final Duration back;

  Window(String label, Duration length, Granularity granularity) {
    this.label = label;
    this.length = length;
    this.granularity = granularity;
    this.back = length == null ? null : length.minus(granularity.size());
  }

  Window(String label, Duration length, Duration yearAgo) {
    this.label = label;
    this.length = length;
    this.granularity = Granularity.DAY;
    this.back = yearAgo;
  }

  /** Short name used in JSON and feature names, such as {@code 24h}. */
  public String label() {
    return label;
  }

  /** Bucket store the window reads; null for {@link #LIFETIME}. */
  public Granularity granularity() {
    return granularity;
  }

  /** How far before the start of the bucket holding {@code asOf} the window's first bucket starts; null for lifetime. */
  public Duration reach() {
    return back;
  }

  /**
   * True for the windows that end with the bucket holding the reference time (the trailing ones: not the
   * lifetime, not the year-earlier seasons).
   */
  public boolean trailing() {
    return granularity != null && back.equals(length.minus(granularity.size()));
  }

  /** Start of the first bucket in the window at {@code asOf}. */
  public Instant firstBucket(Instant asOf) {
    return granularity.bucketStart(asOf).minus(back);
  }

  /** Start of the last bucket in the window at {@code asOf}. */
  public Instant lastBucket(Instant asOf) {
    return firstBucket(asOf).plus(length).minus(granularity.size());
  }
}
