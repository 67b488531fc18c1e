package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
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

  private KafkaStreams stoppedStreams() {
    return io.ppscore.query.StoppedStreams.create("pipeline-stats-test", stateDir);
  }
}
