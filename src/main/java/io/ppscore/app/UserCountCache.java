package io.ppscore.app;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The users-in-state figure of {@code GET /v1/info}, counted at most once per {@link #TTL}. Counting scans
 * up to {@link PipelineStats#EXACT_COUNT_LIMIT} profiles through an interactive query; a dashboard or script
 * polling {@code /v1/info} would otherwise tie up HTTP workers (and compete with the stream thread) with one
 * scan per call. Callers that arrive while a count runs wait for it instead of starting their own.
 */
final class UserCountCache implements LongSupplier {

  static final Duration TTL = Duration.ofSeconds(30);

  private final LongSupplier count;
  private final LongSupplier nanoTime;
  private final long ttlNanos;
  private boolean counted;
  private long countedAtNanos;
  private long value;

  /** Caches {@code count} for {@link #TTL} on the system's monotonic clock. */
  UserCountCache(LongSupplier count) {
    this(count, System::nanoTime, TTL);
  }

  /** @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime()} (tests pass a fake) */
  UserCountCache(LongSupplier count, LongSupplier nanoTime, Duration ttl) {
    this.count = Objects.requireNonNull(count, "count must not be null");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime must not be null");
    this.ttlNanos = ttl.toNanos();
  }

  /** The last count if it is younger than the TTL, else a new one; a negative answer (not counted) is not kept. */
  @Override
  public synchronized long getAsLong() {
    long now = nanoTime.getAsLong();
    if (!counted || now - countedAtNanos >= ttlNanos) {
      long fresh = count.getAsLong();
      if (fresh < 0) {
        return fresh; // not countable now (the store is restoring): asked again at the next call, not cached
      }
      value = fresh;
      countedAtNanos = now;
      counted = true;
    }
    return value;
  }
}
