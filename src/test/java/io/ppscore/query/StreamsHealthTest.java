package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsHealthTest {

  @Test
  void shouldBeReadyOnlyWhenRunning() {
    for (State state : State.values()) {
      assertThat(StreamsHealth.ready(() -> state).getAsBoolean()).as(state.name()).isEqualTo(state == State.RUNNING);
    }
  }

  @Test
  void shouldBeReadyOnlyWhenRunningAndTheModelIsLoaded() {
    assertThat(StreamsHealth.ready(() -> State.RUNNING, () -> true).getAsBoolean()).isTrue();
    assertThat(StreamsHealth.ready(() -> State.RUNNING, () -> false).getAsBoolean()).as("model not loaded or closed").isFalse();
    assertThat(StreamsHealth.ready(() -> State.REBALANCING, () -> true).getAsBoolean()).as("restoring").isFalse();
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"CREATED", "REBALANCING", "RUNNING", "PENDING_SHUTDOWN"})
  void shouldBeLiveWhileStartingRunningOrShuttingDownGracefully(State state) {
    assertThat(StreamsHealth.live(() -> state).getAsBoolean()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = State.class, names = {"PENDING_ERROR", "ERROR", "NOT_RUNNING"})
  void shouldNotBeLiveOnceTheClientDied(State state) {
    assertThat(StreamsHealth.live(() -> state).getAsBoolean()).isFalse();
  }
}
