package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import io.ppscore.state.BoundedMemoryRocksDBConfig;
import io.ppscore.state.RocksDBMemoryBudget;
import io.ppscore.state.RocksDBMemoryPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsPropertiesTest {

  @TempDir
  Path dir;

  @Test
  void shouldRaiseTheTransactionTimeoutToCoverALongCommitIntervalUnlessConfigured() {
    java.util.Properties shortInterval = StreamsProperties.from(new AppConfig(Map.of()));
    java.util.Properties longInterval = StreamsProperties.from(new AppConfig(Map.of(AppConfig.COMMIT_INTERVAL_MS_CONFIG, "60000")));
    java.util.Properties configured = StreamsProperties.from(new AppConfig(Map.of(AppConfig.COMMIT_INTERVAL_MS_CONFIG, "60000",
        "kafka.producer.transaction.timeout.ms", "900000")));

    java.util.Properties unprefixed = StreamsProperties.from(new AppConfig(Map.of(AppConfig.COMMIT_INTERVAL_MS_CONFIG, "60000",
        "kafka.transaction.timeout.ms", "120000")));
    java.util.Properties kafkaInterval = StreamsProperties.from(new AppConfig(Map.of("kafka.commit.interval.ms", "30000")));

    assertThat(shortInterval).doesNotContainKey("producer.transaction.timeout.ms");
    assertThat(unprefixed.get("producer.transaction.timeout.ms")).isEqualTo("120000");
    assertThat(kafkaInterval.get("producer.transaction.timeout.ms")).isEqualTo(40_000);
    assertThat(longInterval.get("producer.transaction.timeout.ms")).isEqualTo(70_000);
    assertThat(configured.get("producer.transaction.timeout.ms")).isEqualTo("900000");
  }

  @Test
  void shouldTellTheTransactionTimeoutRegistryCallsMustEndWithinUnderExactlyOnceOnly() {
    // Kafka Streams' 10 s by default, the raised one with a long commit interval, the configured one;
    // none under at-least-once, where the registry client keeps its own defaults
    assertThat(StreamsProperties.transactionTimeout(new AppConfig(Map.of()))).contains(java.time.Duration.ofSeconds(10));
    assertThat(StreamsProperties.transactionTimeout(new AppConfig(Map.of(AppConfig.COMMIT_INTERVAL_MS_CONFIG, "60000"))))
        .contains(java.time.Duration.ofSeconds(70));
    assertThat(StreamsProperties.transactionTimeout(new AppConfig(Map.of("kafka.transaction.timeout.ms", "120000"))))
        .contains(java.time.Duration.ofMinutes(2));
    assertThat(StreamsProperties.transactionTimeout(new AppConfig(Map.of(AppConfig.PROCESSING_GUARANTEE_CONFIG,
        "at_least_once")))).isEmpty();
    // a registry operation may start when the transaction has been open for a commit interval already
    assertThat(StreamsProperties.registryCallLimit(new AppConfig(Map.of()))).contains(java.time.Duration.ofMillis(9_900));
    assertThat(StreamsProperties.registryCallLimit(new AppConfig(Map.of(AppConfig.COMMIT_INTERVAL_MS_CONFIG, "60000"))))
        .contains(java.time.Duration.ofSeconds(10));
    assertThat(StreamsProperties.registryCallLimit(new AppConfig(Map.of(AppConfig.COMMIT_INTERVAL_MS_CONFIG, "5000"))))
        .contains(java.time.Duration.ofSeconds(5));
  }

  @Test
  void shouldBoundRocksDBMemoryWithTheSharedPoolByDefault() {
    // Given the default configuration
    AppConfig config = new AppConfig(Map.of());

    // When the instance's pool is opened and the Streams properties are derived
    try (RocksDBMemoryPool pool = RocksDBMemoryPool.open(config.rocksDBMemoryBudget())) {
      Properties props = StreamsProperties.from(config, pool);

      // Then every store gets the bounded-memory setter, which finds the pool and the budget
      assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedMemoryRocksDBConfig.class.getName());
      assertThat(props.get(RocksDBMemoryPool.POOL_ID_CONFIG)).isEqualTo(pool.id());
      assertThat(props.get(RocksDBMemoryBudget.TOTAL_BYTES_CONFIG)).isEqualTo(256L << 20);
      assertThat(RocksDBMemoryBudget.fromConfigs(propsAsMap(props))).isEqualTo(config.rocksDBMemoryBudget());
    }
  }

  @Test
  void shouldLeaveKafkasPerStoreDefaultsWhenTheTotalIsZero() {
    AppConfig config = new AppConfig(Map.of(AppConfig.ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG, "0"));

    Properties props = StreamsProperties.from(config);

    assertThat(config.rocksDBMemoryBudget().bounded()).isFalse();
    assertThat(props).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)
        .doesNotContainKey(RocksDBMemoryBudget.TOTAL_BYTES_CONFIG);
  }

  @Test
  void shouldRejectATotalTooSmallForTheStoresNamingTheKey() {
    assertThatThrownBy(() -> new AppConfig(Map.of(AppConfig.ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG, "1048576")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(AppConfig.ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG);
  }

  @Test
  void shouldPassThreadsStandbysAndStateDirToKafkaStreams() {
    AppConfig config = new AppConfig(Map.of(AppConfig.NUM_STREAM_THREADS_CONFIG, "4",
        AppConfig.NUM_STANDBY_REPLICAS_CONFIG, "1", AppConfig.STATE_DIR_CONFIG, "/var/lib/ppscore/state"));

    Properties props = StreamsProperties.from(config);

    assertThat(props).containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 4)
        .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1)
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/ppscore/state");
  }

  @Test
  void shouldPointEveryOwnClientAtTheClusterKafkaStreamsUses() {
    // Given bootstrap.servers and a kafka.bootstrap.servers that wins for Kafka Streams
    AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
        "kafka.bootstrap.servers", "kafka-1:9093", "kafka.security.protocol", "SSL"));

    // Then the preflight's, replay's and erasure requests' clients reach the same brokers
    assertThat(StreamsProperties.from(config)).containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9093");
    assertThat(StreamsProperties.clientSettings(config)).containsEntry("bootstrap.servers", "kafka-1:9093")
        .containsEntry("security.protocol", "SSL");
    assertThat(new KafkaErasureRequests(config, null, java.time.Clock.systemUTC()).producerConfig())
        .containsEntry("bootstrap.servers", "kafka-1:9093");
    assertThat(StreamsProperties.clientSettings(new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-2:9092"))))
        .containsEntry("bootstrap.servers", "kafka-2:9092");
  }

  @Test
  void shouldCheckTheTopicsOnTheClusterKafkaStreamsUses() {
    // Given a kafka.bootstrap.servers the admin client refuses at once (bootstrap.servers would be tried for 20 s)
    AppConfig config = new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.2:1",
        "kafka.bootstrap.servers", "not-a-host-and-port"));

    // Then the preflight's admin client was built with it
    assertThatThrownBy(() -> Preflight.checkTopics(config)).hasStackTraceContaining("not-a-host-and-port");
  }

  @Test
  void shouldPassAnyKafkaPropertyFromTheFileOrTheEnvironmentWithoutItsPrefix() throws IOException {
    // Given SASL/SSL client settings: some in the properties file, some as PPSCORE_KAFKA_* variables
    Path file = dir.resolve("ppscore.properties");
    Files.writeString(file, "kafka.security.protocol=SASL_SSL\nkafka.ssl.truststore.location=/etc/kafka/truststore.p12\n");
    Map<String, String> env = Map.of(
        "PPSCORE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "PPSCORE_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "PPSCORE_KAFKA_ROCKSDB_CONFIG_SETTER", "com.example.MySetter");

    // When the configuration is loaded and turned into Streams properties
    Properties props = StreamsProperties.from(ConfigSource.load(file, env, Map.of()));

    // Then each reaches Kafka under its own name, and a kafka.* key wins over the app's derived value
    assertThat(props).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
        .containsEntry(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.MySetter");
  }

  @Test
  void shouldCloseWithTheConfiguredTimeoutAndLeaveTheGroupUnlessToldNotTo() {
    AppConfig leaving = new AppConfig(Map.of(AppConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, "45000"));
    AppConfig staying = new AppConfig(Map.of(AppConfig.SHUTDOWN_LEAVE_GROUP_CONFIG, "false"));

    assertThat(GracefulShutdown.closeOptions(leaving)).usingRecursiveComparison().isEqualTo(CloseOptions
        .groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(java.time.Duration.ofSeconds(45)));
    assertThat(GracefulShutdown.closeOptions(staying)).usingRecursiveComparison().isEqualTo(CloseOptions
        .groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(java.time.Duration.ofSeconds(60)));
  }

  private static Map<String, Object> propsAsMap(Properties props) {
    Map<String, Object> map = new java.util.HashMap<>();
    props.forEach((k, v) -> map.put(String.valueOf(k), v));
    return map;
  }
}
