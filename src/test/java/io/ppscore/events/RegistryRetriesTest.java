package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RegistryRetriesTest {

  private static final Instant NOW = Instant.parse("2025-10-21T07:28:00Z");

  private final RegistryRetries retries = RegistryRetries.DEFAULT;

  @Test
  void shouldDoubleTheBackoffUpToEightSeconds() {
    assertThat(delays(Optional.empty())).startsWith(250L, 500L, 1_000L, 2_000L, 4_000L, 8_000L, 8_000L);
  }

  @Test
  void shouldKeepAskingForAboutAMinuteAndNoLonger() {
    // When: every attempt fails at once
    List<Long> delays = delays(Optional.empty());

    // Then: waits add up to just under the 60 s budget, which keeps a call far below max.poll.interval.ms
    long waited = delays.stream().mapToLong(Long::longValue).sum();
    assertThat(Duration.ofMillis(waited)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    assertThat(delays).hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  void shouldGiveUpWhenTheNextWaitWouldOverrunTheBudget() {
    // Given: attempts that each took a request timeout
    long elapsed = Duration.ofSeconds(55).toMillis();

    // When / Then
    assertThat(retries.delayMillisAfter(3, elapsed, Optional.empty(), NOW)).isEqualTo(OptionalLong.of(1_000));
    assertThat(retries.delayMillisAfter(6, elapsed, Optional.empty(), NOW)).isEmpty();
  }

  @Test
  void shouldWaitForRetryAfterOfUpToThirtySecondsAsARestartingRegistryAsks() {
    assertThat(retries.delayMillisAfter(1, 0, Optional.of("5"), NOW)).isEqualTo(OptionalLong.of(5_000));
    assertThat(retries.delayMillisAfter(1, 0, Optional.of(" 30 "), NOW)).isEqualTo(OptionalLong.of(30_000));
    assertThat(retries.delayMillisAfter(1, 0, Optional.of("0"), NOW)).isEqualTo(OptionalLong.of(250));
  }

  @Test
  void shouldGiveUpAtOnceOnRetryAfterLongerThanThirtySeconds() {
    assertThat(retries.delayMillisAfter(1, 0, Optional.of("31"), NOW)).isEmpty();
    assertThat(retries.delayMillisAfter(1, 0, Optional.of("99999999999999999999"), NOW)).isEmpty();
  }

  @Test
  void shouldHonourRetryAfterGivenAsHttpDate() {
    // Given
    String inTwelveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
    String inTwoMinutes = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(120).atOffset(ZoneOffset.UTC));

    // When / Then
    assertThat(inTwelveSeconds).isEqualTo("Tue, 21 Oct 2025 07:28:12 GMT");
    assertThat(retries.delayMillisAfter(1, 0, Optional.of(inTwelveSeconds), NOW)).isEqualTo(OptionalLong.of(12_000));
    assertThat(retries.delayMillisAfter(1, 0, Optional.of(inTwoMinutes), NOW)).isEmpty();
  }

  @Test
  void shouldUseTheBackoffForRetryAfterThatHasPassedOrCannotBeRead() {
    assertThat(retries.delayMillisAfter(2, 0, Optional.of("Tue, 21 Oct 2025 07:27:00 GMT"), NOW))
        .isEqualTo(OptionalLong.of(500));
    assertThat(retries.delayMillisAfter(2, 0, Optional.of("soon"), NOW)).isEqualTo(OptionalLong.of(500));
    assertThat(retries.delayMillisAfter(2, 0, Optional.of("-5"), NOW)).isEqualTo(OptionalLong.of(500));
  }

  @Test
  void shouldMakeOneAttemptOnlyWithoutBudget() {
    assertThat(retries.withBudget(Duration.ZERO).delayMillisAfter(1, 0, Optional.empty(), NOW)).isEmpty();
  }

  @Test
  void shouldTreatTimeoutsOverloadAndServerErrorsAsTemporary() {
    assertThat(RegistryRetries.isTemporary(408)).isTrue();
    assertThat(RegistryRetries.isTemporary(429)).isTrue();
    assertThat(RegistryRetries.isTemporary(503)).isTrue();
    assertThat(RegistryRetries.isTemporary(404)).isFalse();
    assertThat(RegistryRetries.isTemporary(422)).isFalse();
  }

  /** The waits of a call whose attempts all fail at once, each answer carrying {@code retryAfter}. */
  private List<Long> delays(Optional<String> retryAfter) {
    List<Long> delays = new ArrayList<>();
    long elapsed = 0;
    for (int attempt = 1; ; attempt++) {
      OptionalLong delay = retries.delayMillisAfter(attempt, elapsed, retryAfter, NOW);
      if (delay.isEmpty()) {
        return delays;
      }
      delays.add(delay.getAsLong());
      elapsed += delay.getAsLong();
    }
  }
}
