package io.ppscore.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Schema ids the registry said it does not know (40403), and whether one more may be waited for. A record
 * with an unknown id is dead-lettered, so a good record must not get there because the registry answered
 * from a replica that had not yet seen a freshly registered schema: the client asks again after {@link
 * #RECHECK_DELAY} before calling an id unknown, and remembers the verdict only for {@link #TTL}, enough to
 * spare the registry a call per record in a flood of one bad id. (Confluent's {@code
 * missing.id.cache.ttl.sec} defaults to 0: no memory at all, and no second look either.)
 *
 * <p>Waiting costs the stream thread a second, so a flood of ever different bad ids (random bytes after a
 * 0 magic byte) would slow it to a record a second. After a wait that did not help, ids met in the next
 * {@link #QUIET_AFTER_WAIT_IN_VAIN} are called unknown at the first 40403, without waiting: at most one
 * second in eleven is spent waiting. An id already waited for in vain is not waited for again for {@link
 * #NO_SECOND_WAIT} and does not start that quiet time again: one producer's bad id, met every few seconds,
 * must not keep the client from waiting for the freshly registered ids of every other producer. At most
 * {@link #MAX_IDS} ids are remembered in each map, the oldest dropped first. Thread-safe.
 */
final class UnknownSchemaIds {

  /** How long to wait before asking again about an id the registry did not know. */
  static final Duration RECHECK_DELAY = Duration.ofSeconds(1);
  /** How long an unknown-id verdict is reused. */
  static final Duration TTL = Duration.ofSeconds(5);
  /** How long after a wait that did not help no id is waited for. */
  static final Duration QUIET_AFTER_WAIT_IN_VAIN = Duration.ofSeconds(10);
  /** How long an id waited for in vain is not waited for again. */
  static final Duration NO_SECOND_WAIT = Duration.ofSeconds(60);
  /** How many unknown ids are remembered at most. */
  static final int MAX_IDS = 10_000;

  private final LongSupplier nanoClock;
  private final Map<Integer, Long> expiresAtNanos = boundedByInsertion();
  private final Map<Integer, Long> waitedInVainUntilNanos = boundedByInsertion();
  private boolean waitedInVain;
  private long waitedInVainAtNanos;

  UnknownSchemaIds(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** A map of at most {@link #MAX_IDS} entries that drops the one inserted first. */
  private static Map<Integer, Long> boundedByInsertion() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
        return size() > MAX_IDS;
      }
    };
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

  /**
   * Whether {@code id}, which the registry just did not know, is worth asking about again after {@link
   * #RECHECK_DELAY}: not when it was waited for in vain less than {@link #NO_SECOND_WAIT} ago, nor within
   * {@link #QUIET_AFTER_WAIT_IN_VAIN} of a wait for another id that did not help.
   */
  synchronized boolean mayWaitToAskAgain(int id) {
    long now = nanoClock.getAsLong();
    Long until = waitedInVainUntilNanos.get(id);
    if (until != null) {
      if (now - until < 0) {
        return false;
      }
      waitedInVainUntilNanos.remove(id);
    }
    return !waitedInVain || now - waitedInVainAtNanos >= QUIET_AFTER_WAIT_IN_VAIN.toNanos();
  }

  /**
   * The registry just said it does not know {@code id}.
   *
   * @param afterWaiting whether it said so again after {@link #RECHECK_DELAY}
   */
  synchronized void add(int id, boolean afterWaiting) {
    long now = nanoClock.getAsLong();
    expiresAtNanos.remove(id); // re-inserted last: insertion order is expiry order
    expiresAtNanos.put(id, now + TTL.toNanos());
    if (afterWaiting) {
      waitedInVain = true;
      waitedInVainAtNanos = now;
      waitedInVainUntilNanos.remove(id);
      waitedInVainUntilNanos.put(id, now + NO_SECOND_WAIT.toNanos());
    }
  }
}
