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
      unknown.add(id);
    }

    // Then
    assertThat(unknown.contains(1)).isFalse();
    assertThat(unknown.contains(2)).isTrue();
    assertThat(unknown.contains(UnknownSchemaIds.MAX_IDS + 1)).isTrue();
  }

  @Test
  void shouldRememberAnIdForItsTimeToLiveOnly() {
    // Given
    unknown.add(7);

    // When
    nanos.addAndGet(UnknownSchemaIds.TTL.toNanos() - 1);
    boolean justBefore = unknown.contains(7);
    nanos.addAndGet(1);

    // Then
    assertThat(justBefore).isTrue();
    assertThat(unknown.contains(7)).isFalse();
  }
}
