package io.ppscore.replay;

import java.util.ArrayList;
import java.util.List;

/** A clock that only moves when told to, or when asked to sleep; it records every sleep. */
final class FakeClock implements ReplayClock {

  private long nanos;
  private final List<Long> sleeps = new ArrayList<>();

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public void sleepNanos(long nanos) {
    sleeps.add(nanos);
    this.nanos += nanos;
  }

  void advanceMillis(long millis) {
    nanos += millis * 1_000_000;
  }

  List<Long> sleeps() {
    return sleeps;
  }
}
