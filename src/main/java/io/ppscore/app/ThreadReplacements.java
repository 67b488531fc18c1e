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
 * window (which a slow cycle never fills). An outage of the brokers fails every stream thread at about the same
 * time, and with several threads each would otherwise use up a replacement: so the failures of the other
 * threads within {@link #ONE_INCIDENT} of an incident's first failure join it (at most one per other thread)
 * and are replaced without counting. The minute runs from the incident's first failure and one thread gets
 * no free failure, so a record that fails its task within seconds of every replacement is still counted each
 * time. Times are passed in (milliseconds), so the policy is a pure function of them.
 */
final class ThreadReplacements {

  /** Most incidents in a row whose failed threads are replaced; the next incident shuts the client down. */
  static final int MAX_REPLACEMENTS = 5;
  /** Time without a failure after which the count of incidents in a row starts again from 0. */
  static final Duration QUIET_PERIOD = Duration.ofMinutes(30);
  /** How long after an incident's first failure the other threads' failures join it. */
  static final Duration ONE_INCIDENT = Duration.ofMinutes(1);

  private final int maxReplacements;
  private final long quietMs;
  private final long incidentMs;
  private final int freePerIncident;
  private int inARow;
  private long lastFailureMs;
  private long incidentStartMs;
  private int joinedIncident;
  private long replaced;

  ThreadReplacements(int maxReplacements, Duration quietPeriod, Duration oneIncident, int streamThreads) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("most replacements must not be negative, got " + maxReplacements);
    }
    if (quietPeriod.isNegative() || quietPeriod.isZero()) {
      throw new IllegalArgumentException("the quiet period must be positive, got " + quietPeriod);
    }
    if (oneIncident.isNegative() || oneIncident.compareTo(quietPeriod) >= 0) {
      throw new IllegalArgumentException("one incident must span less than the quiet period, got " + oneIncident);
    }
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be at least 1, got " + streamThreads);
    }
    this.maxReplacements = maxReplacements;
    this.quietMs = quietPeriod.toMillis();
    this.incidentMs = oneIncident.toMillis();
    this.freePerIncident = streamThreads - 1;
  }

  /** The standard policy for an instance of {@code streamThreads} stream threads. */
  static ThreadReplacements standard(int streamThreads) {
    return new ThreadReplacements(MAX_REPLACEMENTS, QUIET_PERIOD, ONE_INCIDENT, streamThreads);
  }

  /**
   * The answer to a thread failing at {@code nowMs}: {@code REPLACE_THREAD} while fewer than the most incidents
   * happened in a row, else {@code SHUTDOWN_CLIENT}. A failure less than {@link #ONE_INCIDENT} after the current
   * incident's first failure joins it without counting, at most one per other stream thread; a failure more
   * than the quiet period after the previous one starts a new row.
   */
  synchronized StreamThreadExceptionResponse onFailure(long nowMs) {
    if (inARow > 0 && nowMs - lastFailureMs > quietMs) {
      inARow = 0;
    }
    lastFailureMs = nowMs;
    if (inARow > 0 && nowMs - incidentStartMs < incidentMs && joinedIncident < freePerIncident) {
      joinedIncident++;
      replaced++;
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    if (inARow >= maxReplacements) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    inARow++;
    incidentStartMs = nowMs;
    joinedIncident = 0;
    replaced++;
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Threads replaced since the start. */
  synchronized long replaced() {
    return replaced;
  }
}
