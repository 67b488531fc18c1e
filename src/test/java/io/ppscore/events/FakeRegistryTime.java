package io.ppscore.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Registry time that tests move by hand; sleeping records the wait and moves the clocks, without waiting. */
final class FakeRegistryTime implements RegistryTime {

  /** What {@link #now()} says at nano time 0. */
  static final Instant START = Instant.parse("2025-10-21T07:28:00Z");

  // starts near the end of the long range: expiry arithmetic must survive overflow
  private static final long FIRST_NANOS = Long.MAX_VALUE - Duration.ofMinutes(5).toNanos();

  private final AtomicLong nanos = new AtomicLong(FIRST_NANOS);
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return START.plusNanos(nanos.get() - FIRST_NANOS);
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  /** Moves both clocks on by {@code duration}. */
  void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  /** The waits asked for so far, in order. */
  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** All waits asked for so far, added up. */
  Duration slept() {
    return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
  }
}
