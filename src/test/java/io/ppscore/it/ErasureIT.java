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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The right to be forgotten end to end: a scored user's events go through a real broker, {@code POST
 * /v1/admin/users/{id}/erasure} records the request on the erasure topic, the owning task deletes the user,
 * {@code GET} answers 404 and a plain read-committed consumer finds the user's tombstone on the scores topic.
 */
class ErasureIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final String SCORES_TOPIC = "purchasing-power-scores";
  private static final String ERASED = "erase-me";
  private static final String KEPT = "keep-me";

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static PpscoreApp app;

  @BeforeAll
  static void startScoredInstance() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 2, "carts", 2, "orders", 2, "ppscore-dead-letter", 1, "user-erasure", 2));
    kafka.createCompactedTopic(SCORES_TOPIC, 2);
    registry = EmbeddedSchemaRegistry.start(0);
    AppConfig config = ItApps.config(kafka, registry, "ppscore-erasure-it", stateDir, ItApps.freePort(),
        Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
            AppConfig.SCORING_INTERVAL_MS_CONFIG, 500L));
    app = ItApps.start(config);
    await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldForgetTheUserInStateAndScoresAfterAnErasureRequest() {
    // Given two users' orders, aggregated and scored
    produceOrders();
    Instant asOf = T0.plus(Duration.ofHours(1));
    await("both users' state and score served").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> UserApi.get(app.httpPort(), ERASED, asOf).status() == 200
            && UserApi.score(app.httpPort(), ERASED).status() == 200
            && UserApi.score(app.httpPort(), KEPT).status() == 200);

    // When an operator requests the erasure of one of them
    UserApi.Answer accepted = UserApi.requestErasure(app.httpPort(), ERASED);

    // Then it is accepted with a request id
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.body().path("requestId").asText()).hasSize(36);

    // And the user is gone from the API, the other one is still there
    // (the stores are emptied one after the other: wait for the last one, the score)
    await("erased user's state and score answer 404").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> UserApi.score(app.httpPort(), ERASED).status() == 404
            && UserApi.get(app.httpPort(), ERASED, asOf).status() == 404);
    assertThat(UserApi.get(app.httpPort(), KEPT, asOf).status()).isEqualTo(200);
    assertThat(UserApi.score(app.httpPort(), KEPT).status()).isEqualTo(200);

    // And a downstream consumer of the scores topic sees a score, then a tombstone, for the erased user
    List<ConsumerRecord<String, byte[]>> erasedRecords = awaitTombstone(ERASED);
    assertThat(erasedRecords.get(0).value()).as("first a score").isNotNull();
    assertThat(erasedRecords.get(erasedRecords.size() - 1).value()).as("last a tombstone").isNull();

    // And an order of the erased user stamped before the erasure, arriving only now (in flight), is dropped
    // by the erasure-guard instead of building the user's state again
    produceOrder(ERASED, "late", T0.plusSeconds(600));
    await("the in-flight order counted as an erased user's event").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> streamsMetric("erased-user-events-total") >= 1.0);
    assertThat(UserApi.get(app.httpPort(), ERASED, asOf).status()).isEqualTo(404);
  }

  private static double streamsMetric(String name) {
    return app.streams().metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  private static void produceOrders() {
    List<OrderEvent> orders = new ArrayList<>();
    for (String user : List.of(ERASED, KEPT)) {
      for (int k = 0; k < 2; k++) {
        orders.add(placed(user + "-o" + k, user, T0.plusSeconds(60L * k), line("p-" + k, 1 + k, "12.50")));
      }
    }
    produce(orders);
  }

  private static void produceOrder(String user, String id, Instant at) {
    produce(List.of(placed(user + "-" + id, user, at, line("p-late", 1, "12.50"))));
  }

  /** Sends {@code orders} keyed by their user, stamped with their event time. */
  private static void produce(List<OrderEvent> orders) {
    AppConfig config = app.config();
    Topics topics = Topics.from(config, HttpSchemaRegistryClient.builder(config.schemaRegistryUrl()).build());
    try (KafkaProducer<String, OrderEvent> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(),
        topics.orders().valueSerde().serializer())) {
      for (OrderEvent order : orders) {
        producer.send(new ProducerRecord<>(config.ordersTopic(), null, order.getEventTime().toEpochMilli(),
            order.getUserId(), order));
      }
      producer.flush();
    }
  }

  /** The user's committed records on the scores topic, in order, once the last one is a tombstone. */
  private static List<ConsumerRecord<String, byte[]>> awaitTombstone(String user) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(SCORES_TOPIC).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await("tombstone for " + user + " on " + SCORES_TOPIC).atMost(TIMEOUT).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
              if (user.equals(r.key())) {
                records.add(r);
              }
            });
            return !records.isEmpty() && records.get(records.size() - 1).value() == null;
          });
    }
    assertThat(new String(records.get(0).key().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(user);
    return records;
  }
}
