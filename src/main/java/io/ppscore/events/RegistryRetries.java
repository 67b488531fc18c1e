package io.ppscore.events;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When {@link RegistryTransport} asks again after a temporary failure: a connection or I/O error (refused,
 * reset, timed out), or an answer 408, 429 or 5xx. Exponential backoff from {@code initialBackoff},
 * doubling, for at most {@code maxAttempts} attempts. A {@code Retry-After} of whole seconds is honoured when
 * it is at most {@code maxRetryAfter}; a longer one (the registry is shedding load for a while) ends the
 * retries at once, since waiting that long would hold the stream thread for nothing.
 *
 * <p>The default (3 attempts, 100 ms then 200 ms, Retry-After up to 1 s) keeps a call at most about 2 s of
 * waiting plus three request timeouts (3 x (5 s connect + 10 s answer) = 45 s), far below the stream
 * thread's {@code max.poll.interval.ms} (300 s).
 *
 * @param maxAttempts attempts in all, at least 1
 * @param initialBackoff wait before the second attempt; doubled for each further one
 * @param maxRetryAfter the longest {@code Retry-After} that is waited for
 */
record RegistryRetries(int maxAttempts, Duration initialBackoff, Duration maxRetryAfter) {

  /** 3 attempts, 100 ms doubling, a Retry-After up to 1 s. */
  static final RegistryRetries DEFAULT = new RegistryRetries(3, Duration.ofMillis(100), Duration.ofSeconds(1));

  RegistryRetries {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be at least 1");
    }
    if (initialBackoff.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("backoff and max Retry-After must not be negative");
    }
  }

  /** Whether an answer with HTTP {@code status} may succeed when asked again. */
  static boolean isTemporary(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * How long to wait after failed attempt {@code attempt} (from 1) before the next one, or empty to give up.
   *
   * @param retryAfter the answer's {@code Retry-After} header, if any
   */
  OptionalLong delayMillisAfter(int attempt, Optional<String> retryAfter) {
    if (attempt >= maxAttempts) {
      return OptionalLong.empty();
    }
    long backoff = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
    Optional<Long> asked = retryAfter.flatMap(RegistryRetries::seconds);
    if (asked.isEmpty()) {
      return OptionalLong.of(backoff);
    }
    long askedMillis = asked.get() * 1000;
    return askedMillis > maxRetryAfter.toMillis() ? OptionalLong.empty() : OptionalLong.of(Math.max(backoff, askedMillis));
  }

  /** A {@code Retry-After} in delta-seconds; the HTTP-date form is ignored (the backoff applies). */
  private static Optional<Long> seconds(String header) {
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds < 0 || seconds > Integer.MAX_VALUE ? Optional.empty() : Optional.of(seconds);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
