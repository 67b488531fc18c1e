package io.ppscore.app;

import java.time.Duration;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do with a failed stream thread: replace it, unless {@link #MAX_REPLACEMENTS} were replaced in a row
 * already; then shut this instance's Kafka Streams client down, so {@code run} exits non-zero and the
 * orchestrator restarts it visibly. Failures are in a row until {@link #QUIET_PERIOD} passes without one: a
 * record that fails its task on every attempt (one the producer refuses, say) would otherwise have the thread
 * replaced for ever, each time reading the same record again and, under exactly-once, wiping and restoring the
 * thread's state from the changelogs, while the client never leaves {@code RUNNING}/{@code REBALANCING}. That
 * restore can take minutes on real state, so the failures are counted in a row rather than in a short sliding
 * window (which a slow cycle never fills). Times are passed in (milliseconds), so the policy is a pure function
 * of them.
 */
final class ThreadReplacements {

  /** Most replacements in a row; the next failure shuts the client down. */
  static final int MAX_REPLACEMENTS = 5;
  /** Time without a failure after which the count of failures in a row starts again from 0. */
  static final Duration QUIET_PERIOD = Duration.ofMinutes(30);

  private final int maxReplacements;
  private final long quietMs;
  private int inARow;
  private long lastFailureMs;
  private long replaced;

  ThreadReplacements(int maxReplacements, Duration quietPeriod) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("most replacements must not be negative, got " + maxReplacements);
    }
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException("the quiet period must be positive, got " + quietPeriod);
    }
    this.maxReplacements = maxReplacements;
    this.quietMs = quietPeriod.toMillis();
  }

  /** {@link #MAX_REPLACEMENTS} in a row, forgotten after {@link #QUIET_PERIOD} without a failure. */
  static ThreadReplacements standard() {
    return new ThreadReplacements(MAX_REPLACEMENTS, QUIET_PERIOD);
  }

  /**
   * The answer to a thread failing at {@code nowMs}: {@code REPLACE_THREAD} (counted) while fewer than the most
   * replacements happened in a row (failures more than the quiet period after the previous one start a new
   * row), else {@code SHUTDOWN_CLIENT}.
   */
  synchronized StreamThreadExceptionResponse onFailure(long nowMs) {
    if (inARow > 0 && nowMs - lastFailureMs > quietMs) {
      inARow = 0;
    }
    lastFailureMs = nowMs;
    if (inARow >= maxReplacements) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    inARow++;
    replaced++;
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Threads replaced since the start. */
  synchronized long replaced() {
    return replaced;
  }
}
