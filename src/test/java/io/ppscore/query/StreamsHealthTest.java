package io.ppscore.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamsHealthTest {

  @Test
  void shouldStayReadyThroughARebalanceAfterRunningButNotBeforeTheFirstRunning() {
    // Given a client that starts, rebalances, runs, rebalances again and then shuts down
    State[] state = {State.CREATED};
    var ready = StreamsHealth.ready(() -> state[0]);
    List<Boolean> answers = new ArrayList<>();
    for (State next : List.of(State.CREATED, State.REBALANCING, State.RUNNING, State.REBALANCING, State.RUNNING,
        State.PENDING_SHUTDOWN, State.NOT_RUNNING)) {
      state[0] = next;
      answers.add(ready.getAsBoolean());
    }

    // Then not ready while the first start restores, ready from the first RUNNING through the later rebalance,
    // and not ready once it shuts down
    assertThat(answers).containsExactly(false, false, true, true, true, false, false);
  }

  @Test
  void shouldNotBeReadyInErrorAfterRunning() {
    State[] state = {State.RUNNING};
    var ready = StreamsHealth.ready(() -> state[0]);
    assertThat(ready.getAsBoolean()).isTrue();
    state[0] = State.PENDING_ERROR;
    assertThat(ready.getAsBoolean()).isFalse();
    state[0] = State.ERROR;
    assertThat(ready.getAsBoolean()).isFalse();
  }

  @Test
  void shouldBeReadyOnlyWhenRunningOnAFreshClient() {
    for (State state : State.values()) {
      assertThat(StreamsHealth.ready(() -> state).getAsBoolean()).as(state.name()).isEqualTo(state == State.RUNNING);
    }
  }

  @Test
  void shouldCountARunningSpellTheProbesMissedAsTheFirstRunning() {
    // Given a client whose first RUNNING lasted between two probes: the listener saw it, no probe did
    State[] state = {State.REBALANCING};
    StreamsHealth.Readiness ready = StreamsHealth.ready(() -> state[0]);
    assertThat(ready.getAsBoolean()).isFalse();
    ready.onChange(State.RUNNING, State.REBALANCING);
    ready.onChange(State.REBALANCING, State.RUNNING);

    // Then the next probe, during the following rebalance, finds it ready
    assertThat(ready.getAsBoolean()).isTrue();
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
