package io.ppscore.events;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When {@link RegistryTransport} asks again after a temporary failure: a connection or I/O error (refused,
 * reset, timed out), or an answer 408, 429 or 5xx. Giving up is expensive: the task fails, and under
 * {@code exactly_once_v2} a dying stream thread closes its tasks dirty and wipes their state stores, which
 * then restore from the changelogs. So a call keeps asking for about a minute, long enough for a registry
 * restart or leader election: exponential backoff from {@code initialBackoff}, doubling up to {@code
 * maxBackoff}, while the time since the call began plus the next wait stays within {@code budget}.
 *
 * <p>A {@code Retry-After} (delta-seconds or an HTTP-date, RFC 9110) is honoured when it asks for at most
 * {@code maxRetryAfter}, which is how a registry announces a short outage (503 while restarting); a longer
 * one (the registry sheds load for a while) ends the retries at once, since waiting that long would hold the
 * stream thread for nothing.
 *
 * <p>The default (250 ms doubling to 8 s, Retry-After up to 30 s, 60 s budget) keeps one call at most about
 * 75 s (the budget plus one last request's 5 s connect and 10 s answer timeouts), well below the stream
 * thread's default {@code max.poll.interval.ms} of 300 s. A record whose writer schema references others
 * makes one call per schema not yet cached, each with its own budget.
 *
 * @param initialBackoff wait after the first failed attempt; doubled after each further one
 * @param maxBackoff the longest wait between attempts, unless a Retry-After asks for more
 * @param maxRetryAfter the longest {@code Retry-After} that is waited for
 * @param budget how long after its first attempt a call may still wait to ask again
 */
record RegistryRetries(Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, Duration budget) {

  /** 250 ms doubling to 8 s, a Retry-After up to 30 s, for at most 60 s. */
  static final RegistryRetries DEFAULT = new RegistryRetries(Duration.ofMillis(250), Duration.ofSeconds(8),
      Duration.ofSeconds(30), Duration.ofSeconds(60));

  RegistryRetries {
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative() || budget.isNegative()) {
      throw new IllegalArgumentException("backoffs, max Retry-After and budget must not be negative");
    }
  }

  /** These retries with another budget (zero: a single attempt). */
  RegistryRetries withBudget(Duration newBudget) {
    return new RegistryRetries(initialBackoff, maxBackoff, maxRetryAfter, newBudget);
  }

  /** Whether an answer with HTTP {@code status} may succeed when asked again. */
  static boolean isTemporary(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * How long to wait after failed attempt {@code attempt} (from 1) before the next one, or empty to give up.
   *
   * @param elapsedMillis time since the call's first attempt began
   * @param retryAfter the answer's {@code Retry-After} header, if any
   * @param now the wall-clock time, for an HTTP-date {@code Retry-After}
   */
  OptionalLong delayMillisAfter(int attempt, long elapsedMillis, Optional<String> retryAfter, Instant now) {
    long backoff = Math.min(initialBackoff.toMillis() << Math.min(attempt - 1, 30), maxBackoff.toMillis());
    Optional<Duration> asked = retryAfter.flatMap(header -> retryAfter(header, now));
    if (asked.isPresent() && asked.get().compareTo(maxRetryAfter) > 0) {
      return OptionalLong.empty();
    }
    long delay = Math.max(backoff, asked.map(Duration::toMillis).orElse(0L));
    return elapsedMillis + delay > budget.toMillis() ? OptionalLong.empty() : OptionalLong.of(delay);
  }

  /**
   * How long a {@code Retry-After} asks to wait: delta-seconds, or an HTTP-date (zero when it has passed);
   * empty when it is neither, and the backoff applies.
   */
  static Optional<Duration> retryAfter(String header, Instant now) {
    String value = header.trim();
    if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // more digits than a long holds is still "a very long time"
      return Optional.of(value.length() > 12 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
          : Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant until = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
