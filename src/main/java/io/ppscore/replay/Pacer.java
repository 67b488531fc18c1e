package io.ppscore.replay;

/**
 * Spaces sends so that event-time gaps are replayed {@code speedup} times faster: the event stamped
 * {@code t} is sent at {@code start + (t - firstEventTime) / speedup} on the wall clock. Events whose time
 * has already come (or that are older than the first) are sent at once, so a slow target never builds up
 * sleeps.
 */
final class Pacer {

  private final double speedup;
  private final ReplayClock clock;
  private boolean started;
  private long startNanos;
  private long firstEventMs;

  /** A pacer for {@code speedup} > 0; 0 means as fast as possible. */
  Pacer(double speedup, ReplayClock clock) {
    if (!(speedup >= 0) || Double.isInfinite(speedup)) {
      throw new IllegalArgumentException("speedup must be 0 (no pacing) or a positive number, was " + speedup);
    }
    this.speedup = speedup;
    this.clock = clock;
  }

  /** Waits until the event stamped {@code eventMs} is due. */
  void awaitDue(long eventMs) throws InterruptedException {
    awaitDue(eventMs, () -> false, Long.MAX_VALUE);
  }

  /**
   * Waits until the event stamped {@code eventMs} is due or {@code stop} says to stop, asking it at least
   * every {@code sliceNanos}.
   */
  void awaitDue(long eventMs, java.util.function.BooleanSupplier stop, long sliceNanos) throws InterruptedException {
    if (speedup == 0) {
      return;
    }
    if (!started) {
      started = true;
      startNanos = clock.nanoTime();
      firstEventMs = eventMs;
      return;
    }
    long dueNanos = startNanos + Math.round((eventMs - firstEventMs) * 1_000_000d / speedup);
    for (long waitNanos = dueNanos - clock.nanoTime(); waitNanos > 0 && !stop.getAsBoolean();
        waitNanos = dueNanos - clock.nanoTime()) {
      clock.sleepNanos(Math.min(waitNanos, sliceNanos));
    }
  }
}
