package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
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
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pipeline-stats-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in");
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.close(Duration.ofSeconds(5));
    return streams;
  }
}
