package io.ppscore.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Schema ids the registry said it does not know (40403), remembered for a while so that a flood of records
 * carrying the same bad id is dead-lettered without a registry call each. Remembered only for {@link #TTL}
 * (like Confluent's {@code missing.id.cache.ttl.sec}): a registry replica that had not yet seen a freshly
 * registered schema must not blacklist its id for long. At most {@link #MAX_IDS} ids, the oldest dropped
 * first, so random ids cannot grow it without bound. Thread-safe.
 */
final class UnknownSchemaIds {

  /** How long an unknown-id answer is reused. */
  static final Duration TTL = Duration.ofSeconds(60);
  /** How many unknown ids are remembered at most. */
  static final int MAX_IDS = 10_000;

  private final LongSupplier nanoClock;
  private final Map<Integer, Long> expiresAtNanos = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
      return size() > MAX_IDS;
    }
  };

  UnknownSchemaIds(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Whether the registry said less than {@link #TTL} ago that it does not know {@code id}. */
  synchronized boolean contains(int id) {
    Long expiresAt = expiresAtNanos.get(id);
    if (expiresAt == null) {
      return false;
    }
    if (nanoClock.getAsLong() - expiresAt >= 0) {
      expiresAtNanos.remove(id);
      return false;
    }
    return true;
  }

  /** The registry just said it does not know {@code id}. */
  synchronized void add(int id) {
    expiresAtNanos.remove(id); // re-inserted last: insertion order is expiry order
    expiresAtNanos.put(id, nanoClock.getAsLong() + TTL.toNanos());
  }
}
