package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegistryCallLimitsTest {

  @Test
  void shouldEndEveryCallWithinKafkaStreamsDefaultTransactionTimeout() {
    // Given the 10 s transaction a stream thread's registry call may run inside
    RegistryCallLimits limits = RegistryCallLimits.within(Duration.ofSeconds(10));

    // Then 2 s to connect, 2 s to answer, retries starting up to 4 s in: at most 8 s
    assertThat(limits.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(limits.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(limits.retryBudget()).isEqualTo(Duration.ofSeconds(4));
    assertThat(limits.longestCall()).isLessThan(Duration.ofSeconds(10));
    // and an operation of several calls ends 2 s before the limit
    assertThat(limits.operation()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void shouldKeepTheDefaultsUnderALongTransactionTimeout() {
    // Given a 5-minute transaction timeout (a long commit interval)
    RegistryCallLimits limits = RegistryCallLimits.within(Duration.ofMinutes(5));

    // Then the client's own defaults apply: 5 s, 10 s, about a minute of retries
    assertThat(limits.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(limits.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(limits.retryBudget()).isEqualTo(RegistryRetries.DEFAULT.budget());
  }

  @Test
  void shouldMakeASingleShortAttemptUnderAVeryShortTimeout() {
    RegistryCallLimits limits = RegistryCallLimits.within(Duration.ofSeconds(2));

    assertThat(limits.retryBudget()).isZero();
    assertThat(limits.requestTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> RegistryCallLimits.within(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
