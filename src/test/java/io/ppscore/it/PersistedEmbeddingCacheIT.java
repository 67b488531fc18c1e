package io.ppscore.it;

import static io.ppscore.it.ItEvents.line;
import static io.ppscore.it.ItEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.OrderEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embedding.cache.persist} across a restart of a real instance: the first one embeds a title and
 * writes it to {@code <state.dir>/embedding-cache}; its close (the app's shutdown order) releases the
 * directory, and the second instance on the same state directory reads the title's vector from disk
 * instead of running the encoder on it.
 */
class PersistedEmbeddingCacheIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final String SCORES_TOPIC = "purchasing-power-scores";

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static AppConfig config;
  private static Topics topics;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 1, "carts", 1, "orders", 1, "ppscore-dead-letter", 1, "user-erasure", 1));
    kafka.createCompactedTopic(SCORES_TOPIC, 1);
    registry = EmbeddedSchemaRegistry.start(0);
    config = ItApps.config(kafka, registry, "ppscore-embedding-cache-it", stateDir, ItApps.freePort(),
        Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
            AppConfig.SCORING_INTERVAL_MS_CONFIG, 1_000L, AppConfig.EMBEDDING_CACHE_PERSIST_CONFIG, true));
    topics = Topics.from(config, HttpSchemaRegistryClient.builder(registry.url()).build());
  }

  @AfterAll
  static void stopBroker() {
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldReadATitleEmbeddedBeforeTheRestartFromDiskInsteadOfEmbeddingItAgain() throws Exception {
    // Given a first instance that scored alice's order of "Product p1", then shut down
    Map<String, Double> first = runUntilScored("alice", placed("alice-o1", "alice", T0, line("p1", 2, "45.00")));
    assertThat(first.get("ppscore_embedding_cache_persisted_misses_total")).isEqualTo(1.0);
    assertThat(first.get("ppscore_embedding_cache_persisted_hits_total")).isZero();
    try (var spaces = Files.list(stateDir.resolve("embedding-cache"))) {
      assertThat(spaces.map(p -> p.getFileName().toString()))
          .singleElement().asString().startsWith("all-minilm-l6-v2-seq128-cpu-v1-");
    }

    // When a second instance on the same state directory scores bob, whose order has the same title
    Map<String, Double> second = runUntilScored("bob", placed("bob-o1", "bob", T0.plusSeconds(60), line("p1", 1, "45.00")));

    // Then the in-memory cache (empty after the restart) missed it and the disk served it: no error opening
    // the directory the first instance held, no encoder run for it
    assertThat(second.get("ppscore_embedding_cache_misses_total")).isEqualTo(1.0);
    assertThat(second.get("ppscore_embedding_cache_persisted_hits_total")).isEqualTo(1.0);
    assertThat(second.get("ppscore_embedding_cache_persisted_misses_total")).isZero();
    assertThat(second.get("ppscore_embedding_cache_persisted_errors_total")).isZero();
  }

  /** Starts an instance, sends {@code order}, waits for {@code user}'s score, closes it; returns its metrics then. */
  private static Map<String, Double> runUntilScored(String user, OrderEvent order) throws Exception {
    PpscoreApp app = ItApps.start(config);
    try {
      await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
      send(order);
      CommittedRecords.readAll(kafka.bootstrapServers(), SCORES_TOPIC,
          read -> read.stream().map(ConsumerRecord::key).anyMatch(user::equals), user + " scored", TIMEOUT);
      return PrometheusText.parse(app.metrics().scrape());
    } finally {
      app.close();
    }
  }

  private static void send(OrderEvent order) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      byte[] value = topics.orders().valueSerde().serializer().serialize("orders", order);
      producer.send(new ProducerRecord<>("orders", null, order.getEventTime().toEpochMilli(),
          order.getUserId().getBytes(StandardCharsets.UTF_8), value)).get();
    }
  }
}
