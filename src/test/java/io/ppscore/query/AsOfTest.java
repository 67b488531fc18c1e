package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code asOf} of {@code GET /v1/users/{id}}. */
class AsOfTest {

  @Test
  void shouldTakeNowToTheMillisecondWhenNoAsOfIsGiven() {
    // Given a clock with nanoseconds, as the system clock has on Linux
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T05:49:02.417123456Z"), ZoneOffset.UTC);

    // When no asOf is given
    Instant asOf = AsOf.parse(Optional.empty(), clock);

    // Then it is now to the millisecond (the stores' precision), and so is the asOf the JSON prints
    assertThat(asOf.toString()).isEqualTo("2026-11-22T05:49:02.417Z");
  }

  @Test
  void shouldKeepAGivenAsOfAsGiven() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-22T05:49:02.417123456Z"), ZoneOffset.UTC);

    assertThat(AsOf.parse(Optional.of("2024-05-01T12:00:00.5Z"), clock)).isEqualTo(Instant.parse("2024-05-01T12:00:00.5Z"));
  }
}
