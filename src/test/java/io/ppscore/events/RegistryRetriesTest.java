package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RegistryRetriesTest {

  private final RegistryRetries retries = RegistryRetries.DEFAULT;

  @Test
  void shouldDoubleTheBackoffAndStopAfterThreeAttempts() {
    assertThat(retries.delayMillisAfter(1, Optional.empty())).isEqualTo(OptionalLong.of(100));
    assertThat(retries.delayMillisAfter(2, Optional.empty())).isEqualTo(OptionalLong.of(200));
    assertThat(retries.delayMillisAfter(3, Optional.empty())).isEmpty();
  }

  @Test
  void shouldWaitForRetryAfterUpToOneSecondAndGiveUpOnLongerOnes() {
    assertThat(retries.delayMillisAfter(1, Optional.of("1"))).isEqualTo(OptionalLong.of(1000));
    assertThat(retries.delayMillisAfter(1, Optional.of("0"))).isEqualTo(OptionalLong.of(100));
    assertThat(retries.delayMillisAfter(1, Optional.of("2"))).isEmpty();
  }

  @Test
  void shouldUseBackoffForRetryAfterThatIsNotSeconds() {
    assertThat(retries.delayMillisAfter(1, Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEqualTo(OptionalLong.of(100));
  }

  @Test
  void shouldTreatTimeoutsOverloadAndServerErrorsAsTemporary() {
    assertThat(RegistryRetries.isTemporary(408)).isTrue();
    assertThat(RegistryRetries.isTemporary(429)).isTrue();
    assertThat(RegistryRetries.isTemporary(503)).isTrue();
    assertThat(RegistryRetries.isTemporary(404)).isFalse();
    assertThat(RegistryRetries.isTemporary(422)).isFalse();
  }

  @Test
  void shouldKeepTotalWaitWellBelowTheStreamThreadPollInterval() {
    long waited = 0;
    for (int attempt = 1; retries.delayMillisAfter(attempt, Optional.of("1")).isPresent(); attempt++) {
      waited += retries.delayMillisAfter(attempt, Optional.of("1")).getAsLong();
    }
    assertThat(Duration.ofMillis(waited)).isLessThanOrEqualTo(Duration.ofSeconds(2));
  }
}
