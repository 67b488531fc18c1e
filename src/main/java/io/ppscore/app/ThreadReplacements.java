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
 * window (which a slow cycle never fills). Failures within {@link #ONE_INCIDENT} of the previous one are one
 * incident and counted once: an outage of the brokers fails every stream thread at about the same time, and
 * with several threads each would otherwise use up a replacement. Times are passed in (milliseconds), so the
 * policy is a pure function of them.
 */
final class ThreadReplacements {

  /** Most replacements in a row; the next failure shuts the client down. */
  static final int MAX_REPLACEMENTS = 5;
  /** Time without a failure after which the count of failures in a row starts again from 0. */
  static final Duration QUIET_PERIOD = Duration.ofMinutes(30);
  /** Failures less than this after the previous one belong to its incident (all threads failing in one outage). */
  static final Duration ONE_INCIDENT = Duration.ofMinutes(1);

  private final int maxReplacements;
  private final long quietMs;
  private final long incidentMs;
  private int inARow;
  private long lastFailureMs;
  private long replaced;

  ThreadReplacements(int maxReplacements, Duration quietPeriod) {
    this(maxReplacements, quietPeriod, ONE_INCIDENT);
  }

  ThreadReplacements(int maxReplacements, Duration quietPeriod, Duration oneIncident) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("most replacements must not be negative, got " + maxReplacements);
    }
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException("the quiet period must be positive, got " + quietPeriod);
    }
    if (oneIncident.isNegative() || oneIncident.compareTo(quietPeriod) >= 0) {
      throw new IllegalArgumentException("one incident must span less than the quiet period, got " + oneIncident);
    }
    this.maxReplacements = maxReplacements;
    this.quietMs = quietPeriod.toMillis();
    this.incidentMs = oneIncident.toMillis();
  }

  /** {@link #MAX_REPLACEMENTS} in a row, forgotten after {@link #QUIET_PERIOD} without a failure. */
  static ThreadReplacements standard() {
    return new ThreadReplacements(MAX_REPLACEMENTS, QUIET_PERIOD);
  }

  /**
   * The answer to a thread failing at {@code nowMs}: {@code REPLACE_THREAD} (counted) while fewer than the most
   * incidents happened in a row (failures more than the quiet period after the previous one start a new row;
   * failures within {@link #ONE_INCIDENT} of the previous one join its incident and are always replaced), else
   * {@code SHUTDOWN_CLIENT}.
   */
  synchronized StreamThreadExceptionResponse onFailure(long nowMs) {
    boolean sameIncident = inARow > 0 && nowMs - lastFailureMs < incidentMs;
    if (inARow > 0 && nowMs - lastFailureMs > quietMs) {
      inARow = 0;
    }
    lastFailureMs = nowMs;
    if (sameIncident) {
      replaced++;
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
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
