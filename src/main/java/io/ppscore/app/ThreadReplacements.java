package io.ppscore.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do with a failed stream thread: replace it, unless more than {@link #MAX_REPLACEMENTS} were replaced
 * within {@link #WINDOW}; then shut this instance's Kafka Streams client down, so {@code run} exits non-zero and
 * the orchestrator restarts it visibly. A record that fails its task on every attempt (one the producer refuses,
 * say) would otherwise have the thread replaced for ever, each time reading the same record again and, under
 * exactly-once, restoring the thread's state from the changelogs, while the client never leaves
 * {@code RUNNING}/{@code REBALANCING}. Times are passed in (milliseconds), so the policy is a pure function of them.
 */
final class ThreadReplacements {

  /** Most replacements within {@link #WINDOW}; one more shuts the client down. */
  static final int MAX_REPLACEMENTS = 5;
  /** The sliding window the replacements are counted in. */
  static final Duration WINDOW = Duration.ofMinutes(10);

  private final int maxReplacements;
  private final long windowMs;
  private final Deque<Long> recent = new ArrayDeque<>();
  private long replaced;

  ThreadReplacements(int maxReplacements, Duration window) {
    if (maxReplacements < 0) {
      throw new IllegalArgumentException("most replacements must not be negative, got " + maxReplacements);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the replacement window must be positive, got " + window);
    }
    this.maxReplacements = maxReplacements;
    this.windowMs = window.toMillis();
  }

  /** {@link #MAX_REPLACEMENTS} within {@link #WINDOW}. */
  static ThreadReplacements standard() {
    return new ThreadReplacements(MAX_REPLACEMENTS, WINDOW);
  }

  /**
   * The answer to a thread failing at {@code nowMs}: {@code REPLACE_THREAD} (counted) while fewer than the most
   * replacements happened in the window before it, else {@code SHUTDOWN_CLIENT}.
   */
  synchronized StreamThreadExceptionResponse onFailure(long nowMs) {
    while (!recent.isEmpty() && recent.peekFirst() <= nowMs - windowMs) {
      recent.pollFirst();
    }
    if (recent.size() >= maxReplacements) {
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    recent.addLast(nowMs);
    replaced++;
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** Threads replaced since the start. */
  synchronized long replaced() {
    return replaced;
  }
}
