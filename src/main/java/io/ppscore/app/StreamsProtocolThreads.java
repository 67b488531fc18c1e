package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Refuses {@code kafka.group.protocol=streams} with more than one stream thread. Under the streams group
 * protocol, Kafka Streams 4.3.1 keeps the partitions it learns from the broker in a map with one entry per
 * endpoint ({@code application.server}), and all threads of an instance share one endpoint, so one thread's
 * partitions overwrite the others': interactive queries find no owner for the users of the lost partitions
 * (503 from every instance, for good) or route them wrongly.
 */
final class StreamsProtocolThreads {

  private StreamsProtocolThreads() {
  }

  /**
   * Checks the group protocol and thread count Kafka Streams will run with under {@code config}.
   *
   * @throws ConfigException naming both keys, for the streams protocol with more than one thread
   */
  static void requireQueryable(AppConfig config) {
    Properties props = StreamsProperties.from(config);
    String protocol = String.valueOf(props.getOrDefault(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic"));
    int threads = Integer.parseInt(String.valueOf(props.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)));
    if (threads > 1 && "streams".equals(protocol.trim().toLowerCase(Locale.ROOT))) {
      throw new ConfigException(AppConfig.KAFKA_PREFIX + StreamsConfig.GROUP_PROTOCOL_CONFIG + "=streams with "
          + AppConfig.NUM_STREAM_THREADS_CONFIG + "=" + threads + ": under the streams protocol Kafka Streams "
          + "4.3.1 keeps one instance's partitions per endpoint for one thread only, so interactive queries would "
          + "lose the other threads' partitions (503 for their users); set " + AppConfig.NUM_STREAM_THREADS_CONFIG
          + "=1 or use the classic protocol");
    }
  }
}
