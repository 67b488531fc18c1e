package io.ppscore.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The paced phase's send times per user, until a visible score covers them; and the phase's achieved rate.
 * The phase stamps each event with its send time, made strictly increasing per user (a catch-up burst sends
 * several events of one user in the same millisecond): a score triggered by one event then covers only the
 * events sent before it, not a later one of the same millisecond. Thread-safe: the sender records, the
 * visibility probe takes.
 */
public final class PacedSends {

  /** Per user, {stamp, send time} of each send not yet covered. */
  private final Map<String, Deque<long[]>> byUser = new HashMap<>();
  private final Map<String, Long> lastStamp = new HashMap<>();
  private long sent;
  private long firstMs = Long.MIN_VALUE;
  private long lastMs = Long.MIN_VALUE;

  /**
   * Records that an event of {@code userId} is sent at {@code sendMs}; call before sending it. Returns the
   * event time to stamp it with: {@code sendMs}, or one millisecond after the user's previous stamp when that
   * is not earlier.
   */
  public synchronized long record(String userId, long sendMs) {
    Long previous = lastStamp.get(userId);
    long stamp = previous == null ? sendMs : Math.max(sendMs, previous + 1);
    lastStamp.put(userId, stamp);
    byUser.computeIfAbsent(userId, u -> new ArrayDeque<>()).addLast(new long[] {stamp, sendMs});
    sent++;
    if (firstMs == Long.MIN_VALUE) {
      firstMs = sendMs;
    }
    lastMs = sendMs;
    return stamp;
  }

  /**
   * Hands the send time of every recorded send of {@code userId} stamped at or before {@code upToMs} (a
   * score's triggering event time: the score includes those events) to {@code each}, and forgets them;
   * returns how many.
   */
  public synchronized int takeUpTo(String userId, long upToMs, LongConsumer each) {
    Deque<long[]> sends = byUser.get(userId);
    int taken = 0;
    while (sends != null && !sends.isEmpty() && sends.peekFirst()[0] <= upToMs) {
      each.accept(sends.pollFirst()[1]);
      taken++;
    }
    if (sends != null && sends.isEmpty()) {
      byUser.remove(userId);
    }
    return taken;
  }

  /** Sends no visible score covered (yet). */
  public synchronized long pending() {
    return byUser.values().stream().mapToLong(Deque::size).sum();
  }

  /** Events sent. */
  public synchronized long sent() {
    return sent;
  }

  /**
   * The rate achieved: intervals between sends (events sent minus one) per second from the first send to the
   * last, comparable with the target rate the sends were scheduled at; NaN with fewer than two sends or no time between.
   */
  public synchronized double achievedPerSecond() {
    return sent < 2 || lastMs <= firstMs ? Double.NaN : (sent - 1) / ((lastMs - firstMs) / 1e3);
  }
}
