package io.ppscore.replay;

import java.util.concurrent.TimeUnit;

/** Wall-clock time and waiting, behind an interface so tests replay at any speed without sleeping. */
public interface ReplayClock {

  /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Waits {@code nanos} nanoseconds (nothing when not positive). */
  void sleepNanos(long nanos) throws InterruptedException;

  /** The real clock. */
  static ReplayClock system() {
    return new ReplayClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
      }
    };
  }
}
