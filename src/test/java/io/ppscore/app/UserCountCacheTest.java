package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UserCountCacheTest {

  private final AtomicLong nanoTime = new AtomicLong(1_000);
  private final AtomicInteger scans = new AtomicInteger();
  private final UserCountCache users = new UserCountCache(() -> 100L * scans.incrementAndGet(), nanoTime::get,
      Duration.ofSeconds(30));

  @Test
  void shouldScanOnceForEveryCallWithinThirtySeconds() {
    // Given a first count
    assertThat(users.getAsLong()).isEqualTo(100);

    // When /v1/info is polled for just under 30 s
    for (int i = 0; i < 50; i++) {
      nanoTime.addAndGet(Duration.ofMillis(500).toNanos());
      assertThat(users.getAsLong()).isEqualTo(100);
    }
    nanoTime.set(1_000 + Duration.ofSeconds(30).toNanos() - 1);

    // Then the profiles were scanned once
    assertThat(users.getAsLong()).isEqualTo(100);
    assertThat(scans).hasValue(1);
  }

  @Test
  void shouldCountAgainOnceThirtySecondsHavePassed() {
    users.getAsLong();

    nanoTime.addAndGet(Duration.ofSeconds(30).toNanos());

    assertThat(users.getAsLong()).isEqualTo(200);
    assertThat(scans).hasValue(2);
  }

  @Test
  void shouldNotKeepANotCountedAnswerWhileTheStoreIsRestoring() {
    // Given a store that cannot be queried at first, then holds 42 users
    AtomicLong answer = new AtomicLong(PipelineStats.NOT_COUNTED);
    UserCountCache restoring = new UserCountCache(answer::get, nanoTime::get, Duration.ofSeconds(30));
    assertThat(restoring.getAsLong()).isEqualTo(PipelineStats.NOT_COUNTED);

    // When the store is back a second later
    answer.set(42);
    nanoTime.addAndGet(Duration.ofSeconds(1).toNanos());

    // Then the next call counts it, instead of answering "not counted" for 30 s
    assertThat(restoring.getAsLong()).isEqualTo(42);
  }
}
