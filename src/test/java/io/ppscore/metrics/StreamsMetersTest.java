package io.ppscore.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsMetersTest {

  @Test
  void shouldCloseTheRegistryWithTheApp() throws Exception {
    // Given a (never started) Kafka Streams instance bound to a registry
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("clicks");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "meters-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    AppMetrics metrics = AppMetrics.inMemory();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      AutoCloseable binding = StreamsMeters.bind(metrics, streams, List.of("clicks"));
      assertThat(metrics.registry().find("ppscore.events.in").tag("topic", "clicks").functionCounter()).isNotNull();
      assertThat(metrics.registry().find("ppscore.scores.refreshed").functionCounter()).isNotNull();
      assertThat(metrics.registry().find("ppscore.user.scoring.failures").functionCounter()).isNotNull();
      assertThat(metrics.registry().find("ppscore.scoring.failed.users").functionCounter()).isNotNull();
      assertThat(metrics.registry().find("ppscore.text.profiles.foreign.encoder").functionCounter()).isNotNull();

      // When the app closes it
      binding.close();

      // Then the registry is closed (and closing again, as an idempotent app close might, does not fail)
      assertThat(metrics.registry().isClosed()).isTrue();
      binding.close();
    }
  }
}
