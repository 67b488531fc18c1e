package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnknownSchemaIdsTest {

  private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - 1_000); // expiry arithmetic must survive overflow
  private final UnknownSchemaIds unknown = new UnknownSchemaIds(nanos::get);

  @Test
  void shouldForgetOldestIdsBeyondTheBoundSoRandomIdsCannotGrowIt() {
    // When
    for (int id = 1; id <= UnknownSchemaIds.MAX_IDS + 1; id++) {
      unknown.add(id, false);
    }

    // Then
    assertThat(unknown.contains(1)).isFalse();
    assertThat(unknown.contains(2)).isTrue();
    assertThat(unknown.contains(UnknownSchemaIds.MAX_IDS + 1)).isTrue();
  }

  @Test
  void shouldNotWaitAgainSoonAfterAWaitThatDidNotHelp() {
    // Given
    boolean first = unknown.mayWaitToAskAgain(7);
    unknown.add(7, false);
    boolean afterUnknownWithoutWaiting = unknown.mayWaitToAskAgain(9);

    // When
    unknown.add(8, true);
    boolean justAfter = unknown.mayWaitToAskAgain(9);
    nanos.addAndGet(UnknownSchemaIds.QUIET_AFTER_WAIT_IN_VAIN.toNanos());

    // Then
    assertThat(first).isTrue();
    assertThat(afterUnknownWithoutWaiting).isTrue();
    assertThat(justAfter).isFalse();
    assertThat(unknown.mayWaitToAskAgain(9)).isTrue();
  }

  @Test
  void shouldNotLetOneRecurringBadIdKeepTheClientFromWaitingForOtherIds() {
    // Given one producer's bad id 8, waited for in vain at t = 0 s
    unknown.add(8, true);

    // When it comes back every 4 s, its verdict expired each time (5 s), for a minute
    java.util.List<Boolean> waitsForEight = new java.util.ArrayList<>();
    for (int s = 4; s <= 56; s += 4) {
      nanos.addAndGet(java.time.Duration.ofSeconds(4).toNanos());
      if (!unknown.contains(8)) {
        boolean mayWait = unknown.mayWaitToAskAgain(8);
        waitsForEight.add(mayWait);
        unknown.add(8, mayWait);
      }
    }

    // Then 8 is not waited for again within the minute, and after the first 10 s a new id 9 is, as usual
    assertThat(waitsForEight).isNotEmpty().containsOnly(false);
    assertThat(unknown.mayWaitToAskAgain(9)).isTrue();
  }

  @Test
  void shouldRememberAnIdForAFewSecondsOnly() {
    assertThat(UnknownSchemaIds.TTL).isLessThanOrEqualTo(java.time.Duration.ofSeconds(5));
  }

  @Test
  void shouldRememberAnIdForItsTimeToLiveOnly() {
    // Given
    unknown.add(7, false);

    // When
    nanos.addAndGet(UnknownSchemaIds.TTL.toNanos() - 1);
    boolean justBefore = unknown.contains(7);
    nanos.addAndGet(1);

    // Then
    assertThat(justBefore).isTrue();
    assertThat(unknown.contains(7)).isFalse();
  }
}
