package io.ppscore.query;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link UserStateReader} over a map, recording what it was asked; can be switched to "store unavailable". */
final class FakeReader implements UserStateReader {

  private final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> lastAsOf = new AtomicReference<>();
  private final AtomicInteger reads = new AtomicInteger();
  private volatile String unavailableReason;
  private volatile RuntimeException failure;

  FakeReader with(String userId, Map<String, Object> state) {
    users.put(userId, state);
    return this;
  }

  FakeReader unavailable(String reason) {
    this.unavailableReason = reason;
    return this;
  }

  /** Every read throws {@code failure}, as a store read whose value cannot be decoded. */
  FakeReader failing(RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  @Override
  public Optional<Map<String, Object>> read(String userId, Instant asOf) {
    reads.incrementAndGet();
    lastAsOf.set(asOf);
    if (failure != null) {
      throw failure;
    }
    if (unavailableReason != null) {
      throw new StateUnavailableException(unavailableReason);
    }
    return Optional.ofNullable(users.get(userId));
  }

  Instant lastAsOf() {
    return lastAsOf.get();
  }

  int reads() {
    return reads.get();
  }
}
