package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineStatsTest {

  @TempDir
  Path stateDir;

  @Test
  void shouldReportUsersAsNotCountedInsteadOfFailingWhenStreamsIsNoLongerRunning() {
    // Given a Kafka Streams client that stopped (its store() throws IllegalStateException "not running")
    try (KafkaStreams stopped = stoppedStreams()) {

      // When
      PipelineStats stats = PipelineStats.of(stopped);

      // Then: left out of /v1/info's answer, not a 500 and not a false 0
      assertThat(stats.usersInState()).isEqualTo(PipelineStats.NOT_COUNTED);
      assertThat(stats.toJson()).doesNotContainKey("usersInState");
    }
  }

  @Test
  void shouldLeaveUsersOutWhileALocalProfileTaskIsStillRestoring() {
    // Given two local profile tasks (subtopology 1): partition 0 running with 2 users, partition 1 restoring
    Set<TaskId> active = Set.of(new TaskId(1, 0), new TaskId(1, 1), new TaskId(0, 0));
    try (KafkaStreams streams = new RestoringStreams(stateDir, active, Map.of(0, List.of("a", "b")))) {

      // When
      long users = PipelineStats.users(streams, 1);

      // Then the figure is left out, not the 2 users of the running task alone
      assertThat(users).isEqualTo(PipelineStats.NOT_COUNTED);
      streams.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void shouldCountTheUsersOfEveryLocalProfileTaskOnceAllRun() {
    // Given two running local profile tasks, and a task of another subtopology on a partition without one
    Set<TaskId> active = Set.of(new TaskId(1, 0), new TaskId(1, 1), new TaskId(0, 3));
    try (KafkaStreams streams = new RestoringStreams(stateDir, active,
        Map.of(0, List.of("a", "b"), 1, List.of("c")))) {

      // When
      long users = PipelineStats.users(streams, 1);

      // Then
      assertThat(users).isEqualTo(3);
      streams.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void shouldFindTheSubtopologyThatUsesTheProfileStore() {
    // Given a topology whose second subtopology uses the profile store
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("other").to("elsewhere");
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.USER_PROFILE),
        Serdes.String(), Serdes.String()));
    builder.<String, String>stream("events").process(() -> new Processor<String, String, Void, Void>() {
      @Override
      public void process(Record<String, String> record) {
      }
    }, Named.as("profile-processor"), StoreNames.USER_PROFILE);
    Topology topology = builder.build();
    TopologyDescription description = topology.describe();

    // When
    int subtopology = PipelineStats.subtopologyOf(description, StoreNames.USER_PROFILE);

    // Then
    assertThat(description.subtopologies()).filteredOn(s -> s.id() == subtopology).singleElement()
        .satisfies(s -> assertThat(s.nodes()).extracting(TopologyDescription.Node::name).contains("profile-processor"));
    assertThat(subtopology).isEqualTo(1);
  }

  private KafkaStreams stoppedStreams() {
    return io.ppscore.query.StoppedStreams.create("pipeline-stats-test", stateDir);
  }
}
