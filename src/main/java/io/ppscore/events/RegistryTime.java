package io.ppscore.events;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.errors.InterruptException;

/**
 * The clocks and the waiting of the registry client: the system's, or in tests one that does not really wait
 * (caffeine's {@code Ticker} idea). {@link #nanoTime()} measures intervals (cache expiry, how long a call has
 * been retrying); {@link #now()} reads an HTTP-date {@code Retry-After}.
 */
interface RegistryTime {

  /** The system clocks; {@link #sleep} blocks the calling thread. */
  RegistryTime SYSTEM = new RegistryTime() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        throw new InterruptException(e);
      }
    }
  };

  /** A monotonic reading in nanoseconds, for intervals only. */
  long nanoTime();

  /** The wall-clock time. */
  Instant now();

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptException if the thread is interrupted (Kafka's unchecked form, which keeps the flag)
   */
  void sleep(Duration duration);
}
