package io.ppscore.bench;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The paced phase's send times per user, each also the event's time (the phase stamps an event with its send
 * time), until a visible score covers them; and the phase's achieved rate. Thread-safe: the sender records,
 * the visibility probe takes.
 */
public final class PacedSends {

  private final Map<String, Deque<Long>> byUser = new HashMap<>();
  private long sent;
  private long firstMs = Long.MIN_VALUE;
  private long lastMs = Long.MIN_VALUE;

  /** Records that an event of {@code userId} was sent (and stamped) at {@code sendMs}; call before sending it. */
  public synchronized void record(String userId, long sendMs) {
    byUser.computeIfAbsent(userId, u -> new ArrayDeque<>()).addLast(sendMs);
    sent++;
    if (firstMs == Long.MIN_VALUE) {
      firstMs = sendMs;
    }
    lastMs = sendMs;
  }

  /**
   * Hands every recorded send of {@code userId} at or before {@code upToMs} (a score's triggering event time:
   * the score includes those events) to {@code each}, and forgets them; returns how many.
   */
  public synchronized int takeUpTo(String userId, long upToMs, LongConsumer each) {
    Deque<Long> sends = byUser.get(userId);
    int taken = 0;
    while (sends != null && !sends.isEmpty() && sends.peekFirst() <= upToMs) {
      each.accept(sends.pollFirst());
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
