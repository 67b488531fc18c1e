package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.state.BoundedMemoryRocksDBConfig;
import io.ppscore.state.RocksDBMemoryBudget;
import io.ppscore.state.RocksDBMemoryPool;
import io.ppscore.topology.DeadLetterProcessingExceptionHandler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams properties derived from {@link AppConfig}; {@code kafka.*} keys override them last (a
 * {@code kafka.*} copy of a key ppscore reads itself is refused when the configuration is loaded, see
 * {@link io.ppscore.config.ConfigKeys}).
 */
final class StreamsProperties {

  /** Kafka Streams' transaction timeout under exactly-once when none is configured. */
  static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000L;

  private StreamsProperties() {
  }

  static Properties from(AppConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.getString(AppConfig.PROCESSING_GUARANTEE_CONFIG));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt(AppConfig.NUM_STREAM_THREADS_CONFIG));
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.getInt(AppConfig.NUM_STANDBY_REPLICAS_CONFIG));
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.getString(AppConfig.STATE_DIR_CONFIG));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong(AppConfig.COMMIT_INTERVAL_MS_CONFIG));
    p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedEndpoint());
    // Every store, processor and internal topic is named: refuse to start if one is not (upgrade safety).
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // KIP-1033: a record that hits an unexpected exception goes to the same dead-letter topic; an
    // infrastructure failure fails the task instead (see the handler). Kafka's generic dead-letter setting
    // is left unset on purpose: its default handlers would also dead-letter good records during outages.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingExceptionHandler.class.getName());
    p.put(DeadLetterProcessingExceptionHandler.DEAD_LETTER_TOPIC_CONFIG, config.deadLetterTopic());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    RocksDBMemoryBudget memory = config.rocksDBMemoryBudget();
    if (memory.bounded()) {
      // One block cache and write buffer manager for all stores (BoundedMemoryRocksDBConfig reads these).
      p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName());
      p.putAll(memory.toConfigs());
    }
    p.putAll(config.kafkaOverrides());
    coverCommitIntervalWithTransactionTimeout(p);
    return p;
  }

  /**
   * What ppscore's own Kafka clients (the preflight's admin client, the replay and erasure-request producers)
   * start from: the {@code kafka.*} settings, with the bootstrap servers Kafka Streams gets ({@link #from}:
   * {@code kafka.bootstrap.servers} wins over {@code bootstrap.servers}), so they all reach the same cluster.
   */
  static Map<String, Object> clientSettings(AppConfig config) {
    Map<String, Object> settings = new HashMap<>(config.kafkaOverrides());
    settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(config));
    return settings;
  }

  /** The bootstrap servers Kafka Streams and ppscore's own clients connect to (see {@link #clientSettings}). */
  static String bootstrapServers(AppConfig config) {
    return String.valueOf(config.kafkaOverrides().getOrDefault(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
        config.bootstrapServers()));
  }

  /**
   * Exactly-once refuses a producer transaction timeout (10 s by default in Kafka Streams) below the commit
   * interval. A longer interval (from commit.interval.ms or kafka.commit.interval.ms) gets interval + 10 s,
   * unless a transaction timeout was configured (kafka.transaction.timeout.ms or
   * kafka.producer.transaction.timeout.ms): then that one is used, prefixed as Kafka Streams checks it.
   */
  private static void coverCommitIntervalWithTransactionTimeout(Properties p) {
    String prefixed = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    if (!p.containsKey(prefixed) && p.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
      p.put(prefixed, p.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    }
    long commitInterval = Long.parseLong(String.valueOf(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)));
    if (!p.containsKey(prefixed) && commitInterval > DEFAULT_TRANSACTION_TIMEOUT_MS) {
      p.put(prefixed, (int) Math.min(Integer.MAX_VALUE, commitInterval + DEFAULT_TRANSACTION_TIMEOUT_MS));
    }
  }

  /**
   * The producer transaction timeout the stream threads run under with {@code config}: the configured one,
   * the one derived from a long commit interval, or Kafka Streams' 10 s; empty under at-least-once.
   */
  static Optional<Duration> transactionTimeout(AppConfig config) {
    return transactionTimeout(from(config));
  }

  private static Optional<Duration> transactionTimeout(Properties p) {
    if (StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)))) {
      return Optional.empty();
    }
    Object configured = p.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    return Optional.of(Duration.ofMillis(configured == null ? DEFAULT_TRANSACTION_TIMEOUT_MS
        : Long.parseLong(String.valueOf(configured))));
  }

  /**
   * The schema registry client of an app whose stream threads call it inside their transactions: under
   * exactly-once each operation ends within {@link #registryCallLimit}; under at-least-once it keeps the
   * client's defaults.
   */
  static HttpSchemaRegistryClient registryClient(AppConfig config) {
    return registryCallLimit(config).map(limit -> HttpSchemaRegistryClient.fromConfig(config, limit))
        .orElseGet(() -> HttpSchemaRegistryClient.fromConfig(config));
  }

  /**
   * How long a registry operation of a stream thread may take under exactly-once: the transaction timeout
   * minus the commit interval (the transaction may have been open that long when the operation starts), at
   * least 1 s; empty under at-least-once.
   */
  static Optional<Duration> registryCallLimit(AppConfig config) {
    Properties p = from(config);
    Duration commitInterval = Duration.ofMillis(Long.parseLong(String.valueOf(p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))));
    return transactionTimeout(p).map(timeout -> {
      Duration left = timeout.minus(commitInterval);
      return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    });
  }

  /** As {@link #from(AppConfig)}, with the stores' shared memory in {@code pool} (opened for the instance). */
  static Properties from(AppConfig config, RocksDBMemoryPool pool) {
    Properties p = from(config);
    p.put(RocksDBMemoryPool.POOL_ID_CONFIG, pool.id());
    return p;
  }
}
