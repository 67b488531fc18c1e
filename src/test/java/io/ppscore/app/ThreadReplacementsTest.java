package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThreadReplacementsTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();

  @Test
  void shouldReplaceFiveFailedThreadsWithinTenMinutesAndShutDownTheClientAtTheSixth() {
    // Given the standard policy
    ThreadReplacements policy = ThreadReplacements.standard();

    // When six threads fail one minute apart
    for (int i = 0; i < 5; i++) {
      assertThat(policy.onFailure(T0 + i * MINUTE)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }

    // Then the sixth shuts the client down, and only the five replacements are counted
    assertThat(policy.onFailure(T0 + 5 * MINUTE)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(5);
  }

  @Test
  void shouldForgetReplacementsOlderThanTheWindow() {
    // Given five replacements, the first at T0
    ThreadReplacements policy = new ThreadReplacements(5, Duration.ofMinutes(10));
    for (int i = 0; i < 5; i++) {
      policy.onFailure(T0 + i * MINUTE);
    }

    // When a thread fails exactly ten minutes after the first
    // Then the first has left the window, so it is replaced; another failure a second later is not
    assertThat(policy.onFailure(T0 + 10 * MINUTE)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.onFailure(T0 + 10 * MINUTE + 1_000)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(6);
  }

  @Test
  void shouldKeepReplacingThreadsThatFailRarely() {
    // Given the standard policy
    ThreadReplacements policy = ThreadReplacements.standard();

    // When a thread fails every three minutes for an hour
    // Then each is replaced: at most four fall in any ten-minute window
    for (int i = 0; i < 20; i++) {
      assertThat(policy.onFailure(T0 + i * 3 * MINUTE)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.replaced()).isEqualTo(20);
  }
}
