package io.ppscore.events;

import java.time.Duration;

/**
 * Timeouts and retry budget of registry calls that must end within {@code limit} (a stream thread's
 * exactly-once transaction): connecting and answering each get a fifth of it (at most the defaults, 5 s
 * and 10 s), and retries may start until the limit minus both and a 2 s margin. With Kafka Streams' default
 * 10 s transaction timeout: 2 s to connect, 2 s to answer, retries starting up to 4 s after the first
 * attempt, at most 8 s in all.
 *
 * @param connectTimeout how long one attempt may wait for a connection
 * @param requestTimeout how long one attempt may wait for the answer
 * @param retryBudget how long after the first attempt another may still start
 * @param operation how long one operation of the client (a look-up by id with its second look and the
 *     schemas it references, a registration with its look-ups) may take in all, its requests' timeouts and
 *     retries cut to what is left of it: the limit minus the margin
 */
record RegistryCallLimits(Duration connectTimeout, Duration requestTimeout, Duration retryBudget, Duration operation) {

  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
  private static final Duration DEFAULT_REQUEST = Duration.ofSeconds(10);
  private static final Duration DEFAULT_BUDGET = RegistryRetries.DEFAULT.budget();
  private static final Duration SHORTEST_ATTEMPT = Duration.ofMillis(500);

  /** Limits under which a call, retries and last attempt included, ends within {@code limit}. */
  static RegistryCallLimits within(Duration limit) {
    if (limit == null || limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
    Duration share = max(SHORTEST_ATTEMPT, limit.dividedBy(5));
    Duration connect = min(DEFAULT_CONNECT, share);
    Duration request = min(DEFAULT_REQUEST, share);
    Duration budget = limit.minus(connect).minus(request).minus(MARGIN);
    Duration operation = limit.minus(MARGIN);
    return new RegistryCallLimits(connect, request, budget.isNegative() ? Duration.ZERO : min(DEFAULT_BUDGET, budget),
        operation.compareTo(SHORTEST_ATTEMPT) < 0 ? SHORTEST_ATTEMPT : operation);
  }

  /** The longest a call can take: the last retry starting at the budget, then waiting out both timeouts. */
  Duration longestCall() {
    return retryBudget.plus(connectTimeout).plus(requestTimeout);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
