package io.ppscore.query;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A Kafka Streams client that was closed without ever starting (no broker needed): its {@code store()} and
 * {@code queryMetadataForKey()} throw {@link IllegalStateException} ("KafkaStreams is not running"), as when
 * Kafka Streams stops between locating a user and reading.
 */
public final class StoppedStreams {

  private StoppedStreams() {
  }

  public static KafkaStreams create(String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in");
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.close(Duration.ofSeconds(5));
    return streams;
  }
}
