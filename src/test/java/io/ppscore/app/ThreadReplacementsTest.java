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
  void shouldReplaceFiveFailedThreadsInARowAndShutDownTheClientAtTheSixth() {
    // Given the standard policy
    ThreadReplacements policy = ThreadReplacements.standard(1);

    // When six threads fail one minute apart
    for (int i = 0; i < 5; i++) {
      assertThat(policy.onFailure(T0 + i * MINUTE)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }

    // Then the sixth shuts the client down, and only the five replacements are counted
    assertThat(policy.onFailure(T0 + 5 * MINUTE)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(5);
  }

  @Test
  void shouldShutDownAtTheSixthFailureWhenEachReplaceCycleTakesMinutes() {
    // Given the standard policy
    ThreadReplacements policy = ThreadReplacements.standard(1);

    // When a thread fails every 150 s (each replacement restores the tasks' state before failing again)
    for (int i = 0; i < 5; i++) {
      assertThat(policy.onFailure(T0 + i * 150_000L)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }

    // Then the sixth failure shuts the client down
    assertThat(policy.onFailure(T0 + 5 * 150_000L)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(5);
  }

  @Test
  void shouldShutDownAtTheSixthFailureEvenWhenTheyAreTwentyMinutesApart() {
    // Given the standard policy
    ThreadReplacements policy = ThreadReplacements.standard(1);

    // When a thread fails every 20 minutes, each within the quiet period of the one before
    for (int i = 0; i < 5; i++) {
      assertThat(policy.onFailure(T0 + i * 20 * MINUTE)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }

    // Then the sixth shuts the client down
    assertThat(policy.onFailure(T0 + 5 * 20 * MINUTE)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldStartTheCountAgainAfterAQuietPeriodWithoutFailure() {
    // Given five replacements in a row, one minute apart
    ThreadReplacements policy = ThreadReplacements.standard(1);
    for (int i = 0; i < 5; i++) {
      policy.onFailure(T0 + i * MINUTE);
    }

    // When the next failure comes more than the quiet period after the last one
    long afterQuiet = T0 + 4 * MINUTE + ThreadReplacements.QUIET_PERIOD.toMillis() + 1;

    // Then it starts a new row: it and four more are replaced, the sixth of that row shuts the client down
    for (int i = 0; i < 5; i++) {
      assertThat(policy.onFailure(afterQuiet + i * MINUTE)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.onFailure(afterQuiet + 5 * MINUTE)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(10);
  }

  @Test
  void shouldKeepReplacingThreadsWhoseFailuresAreFurtherApartThanTheQuietPeriod() {
    // Given the standard policy
    ThreadReplacements policy = ThreadReplacements.standard(1);
    long apart = ThreadReplacements.QUIET_PERIOD.toMillis() + MINUTE;

    // When a thread fails 31 minutes after the previous failure, 20 times
    // Then each is replaced: no two failures are in a row
    for (int i = 0; i < 20; i++) {
      assertThat(policy.onFailure(T0 + i * apart)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.replaced()).isEqualTo(20);
  }

  @Test
  void shouldCountTwoThreadsFailingTogetherInOneOutageAsOneIncident() {
    // Given the standard policy and two stream threads (deploy/k8s runs two)
    ThreadReplacements policy = ThreadReplacements.standard(2);

    // When a broker outage fails both threads, 2 s apart, every 5 minutes (task.timeout.ms) for 25 minutes
    for (int i = 0; i < 5; i++) {
      long at = T0 + i * 5 * MINUTE;
      assertThat(policy.onFailure(at)).as("incident %d, first thread", i + 1).isEqualTo(REPLACE_THREAD);
      assertThat(policy.onFailure(at + 2_000)).as("incident %d, second thread", i + 1).isEqualTo(REPLACE_THREAD);
    }

    // Then both threads were replaced each time (counted per incident, the old count shut down at the sixth
    // failure, 15 minutes in), and the sixth incident shuts the client down
    assertThat(policy.replaced()).isEqualTo(10);
    assertThat(policy.onFailure(T0 + 25 * MINUTE)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldCountARecordThatFailsItsTaskWithinSecondsOfEveryReplacement() {
    // Given the standard policy and one stream thread, whose task fails again 20 s after each replacement
    // (small state restores in seconds; under at_least_once nothing is restored at all)
    ThreadReplacements policy = ThreadReplacements.standard(1);

    // When / Then the sixth failure shuts the client down (measured from the previous failure, a minute-long
    // incident never ended, and the thread was replaced for ever)
    for (int i = 0; i < 5; i++) {
      assertThat(policy.onFailure(T0 + i * 20_000L)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }
    assertThat(policy.onFailure(T0 + 5 * 20_000L)).isEqualTo(SHUTDOWN_CLIENT);
  }

  @Test
  void shouldLetEachOtherThreadJoinAnIncidentOnceWithinAMinuteOfItsFirstFailure() {
    // Given the standard policy and two stream threads
    ThreadReplacements policy = ThreadReplacements.standard(2);

    // When failures come 5 s apart: the second joins the first's incident, the third starts a new one
    assertThat(policy.onFailure(T0)).isEqualTo(REPLACE_THREAD);
    assertThat(policy.onFailure(T0 + 5_000)).isEqualTo(REPLACE_THREAD);
    for (int i = 2; i < 10; i++) {
      assertThat(policy.onFailure(T0 + i * 5_000L)).as("failure %d", i + 1).isEqualTo(REPLACE_THREAD);
    }

    // Then after five incidents (ten failures, two per incident) the next failure shuts the client down
    assertThat(policy.onFailure(T0 + 10 * 5_000L)).isEqualTo(SHUTDOWN_CLIENT);
    assertThat(policy.replaced()).isEqualTo(10);
  }
}
