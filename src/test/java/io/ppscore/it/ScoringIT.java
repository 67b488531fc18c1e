package io.ppscore.it;

import static io.ppscore.it.ItEvents.cartAdd;
import static io.ppscore.it.ItEvents.line;
import static io.ppscore.it.ItEvents.placed;
import static io.ppscore.it.ItEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppscore.app.PipelineStats;
import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.output.avro.UserScore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * The committed model and its MiniLM encoder scoring real traffic: orders and clicks of three users go
 * through a real broker and registry into an instance started with {@code model.dir=models}; a plain
 * read-committed consumer finds one Confluent-framed {@link UserScore} per user on the scores topic, and
 * {@code GET /v1/users/{id}/score} answers the same score.
 */
class ScoringIT {

  private static final List<String> USERS = List.of("alice", "bob", "carol", "dave");
  private static final Set<String> TIERS = Set.of("LOW", "MEDIUM", "HIGH", "PREMIUM");
  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final String SCORES_TOPIC = "purchasing-power-scores";

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static PpscoreApp app;
  private static Topics topics;
  private static String modelVersion;
  private static Map<String, List<UserScore>> scoresByUser;
  /** From the latest score's scoring run (its record timestamp) until a read_committed consumer had them all. */
  private static Duration scoresVisibleAfter;
  /** Longer than the test waits: scores visible before it came from the commit the scoring run requests. */
  private static final long COMMIT_INTERVAL_MS = 60_000L;

  @BeforeAll
  static void scoreThreeUsers() throws Exception {
    // Given a broker with the inputs and a compacted scores topic, and the events of three users already sent
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 3, "carts", 3, "orders", 3, "ppscore-dead-letter", 1, "user-erasure", 3));
    kafka.createCompactedTopic(SCORES_TOPIC, 3);
    registry = EmbeddedSchemaRegistry.start(0);
    // the events are all in before the first scoring run (6 s after start: leaves room on a loaded machine), so each user is scored once
    AppConfig config = ItApps.config(kafka, registry, "ppscore-scoring-it", stateDir, ItApps.freePort(),
        Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
            AppConfig.SCORING_INTERVAL_MS_CONFIG, 6_000L, AppConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS));
    topics = Topics.from(config, HttpSchemaRegistryClient.builder(registry.url()).build());
    modelVersion = new ObjectMapper().readTree(Path.of("models", "manifest.json").toFile()).get("modelVersion").asText();
    sendEvents();

    // When the instance starts with the committed model
    app = ItApps.start(config);
    await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
    scoresByUser = readCommittedScores(USERS.size());
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldPublishOneScoreOfTheCommittedModelPerUser() {
    assertThat(scoresByUser).containsOnlyKeys(USERS);
    for (String user : USERS) {
      assertThat(scoresByUser.get(user)).as("scores of %s", user).hasSize(1);
      UserScore score = scoresByUser.get(user).get(0);
      assertThat(score.getUserId()).isEqualTo(user);
      assertThat(score.getModelVersion()).isEqualTo(modelVersion);
      assertThat(score.getEncoderId()).isEqualTo("all-minilm-l6-v2");
      assertThat(score.getScore()).as("score of %s", user).isBetween(0.0, 100.0);
      assertThat(score.getTier()).isIn(TIERS);
      assertThat(score.getCurrency()).isEqualTo("GBP");
      assertThat(score.getPredictedSpend90d()).isGreaterThanOrEqualTo(BigDecimal.ZERO);
    }
  }

  @Test
  void shouldCommitTheScoresOfAScoringRunWithoutWaitingForTheCommitInterval() {
    // The commit interval is 60 s: a read_committed consumer has the scores within seconds of the run that
    // forwarded them only because the run requested a commit (start-up time is not counted)
    assertThat(scoresVisibleAfter).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void shouldNameTheLastEventOfEachUserAsTrigger() {
    assertThat(scoresByUser.get("alice").get(0).getTriggeringEventId()).isEqualTo("alice-v2");
    assertThat(scoresByUser.get("bob").get(0).getTriggeringEventId()).isEqualTo("bob-o2");
    assertThat(scoresByUser.get("carol").get(0).getTriggeringEventId()).isEqualTo("carol-v3");
  }

  @Test
  void shouldServeTheSameScoreOverHttp() {
    for (String user : USERS) {
      UserScore published = scoresByUser.get(user).get(0);
      UserApi.Answer answer = UserApi.score(app.httpPort(), user);
      assertThat(answer.status()).as("GET /v1/users/%s/score", user).isEqualTo(200);
      assertThat(answer.body().path("score").asDouble()).isEqualTo(published.getScore());
      assertThat(answer.body().path("tier").asText()).isEqualTo(published.getTier());
      assertThat(answer.body().path("modelVersion").asText()).isEqualTo(modelVersion);
      assertThat(answer.body().path("predictedSpend90d").decimalValue()).isEqualByComparingTo(published.getPredictedSpend90d());
      assertThat(answer.body().path("computedAt").asText()).isEqualTo(published.getComputedAt().toString());

      UserApi.Answer state = UserApi.get(app.httpPort(), user, Instant.now());
      assertThat(state.body().path("score").path("score").asDouble()).isEqualTo(published.getScore());
    }
  }

  @Test
  void shouldCountScoresOutInPipelineStats() {
    assertThat(PipelineStats.of(app.streams()).scoresOut()).isEqualTo(USERS.size());
  }

  @Test
  void shouldExposeTheAppMetricsOnTheMetricsEndpoint() throws Exception {
    // When Prometheus scrapes the instance
    java.net.http.HttpResponse<String> scrape = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + app.httpPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    // Then every named series is there with the values of this run
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    Map<String, Double> series = PrometheusText.parse(scrape.body());
    assertThat(series.get("ppscore_events_in_total{topic=\"orders\"}")).isEqualTo(4.0);
    assertThat(series.get("ppscore_events_in_total{topic=\"clicks\"}")).isEqualTo(5.0);
    assertThat(series.get("ppscore_events_in_total{topic=\"carts\"}")).isEqualTo(1.0);
    assertThat(series.get("ppscore_scores_out_total")).isEqualTo((double) USERS.size());
    assertThat(series.get("ppscore_dead_letters_total{reason=\"LATE_EVENT\"}")).isEqualTo(0.0);
    assertThat(series.get("ppscore_event_to_score_latency_seconds_count")).isEqualTo((double) USERS.size());
    // all events were in before the first run 2 s after start: each latency is between 0 and a few seconds
    assertThat(series.get("ppscore_event_to_score_latency_seconds_max")).isBetween(0.0, 30.0);
    assertThat(series.get("ppscore_event_to_score_latency_quantile_seconds{quantile=\"0.99\"}")).isBetween(0.0, 30.0);
    assertThat(series.get("ppscore_inference_latency_seconds_count{stage=\"embed\"}")).isGreaterThanOrEqualTo(1.0);
    assertThat(series.get("ppscore_inference_latency_seconds_count{stage=\"score\"}")).isGreaterThanOrEqualTo(1.0);
    assertThat(series.get("ppscore_inference_batch_size_sum{stage=\"score\"}")).isGreaterThanOrEqualTo(USERS.size());
    assertThat(series.get("ppscore_embedding_cache_misses_total")).isGreaterThan(0.0);
    assertThat(series.get("ppscore_embedding_cache_hits_total")).isGreaterThanOrEqualTo(0.0);
    assertThat(series.get("ppscore_inference_provider_info{encoder=\"all-minilm-l6-v2\",provider=\"CPU\"}")).isEqualTo(1.0);
    assertThat(series.keySet()).anyMatch(k -> k.startsWith("kafka_stream_"));
    assertThat(series.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes"));
  }

  @Test
  void shouldGiveEachScoreItsReasons() {
    for (String user : USERS) {
      assertThat(scoresByUser.get(user).get(0).getReasonCodes()).as("reasons of %s", user)
          .allMatch(r -> r.endsWith("(raises score)") || r.endsWith("(lowers score)"));
    }
    // alice spent £400 in the last day, far from the typical training user: that moves her score
    assertThat(scoresByUser.get("alice").get(0).getReasonCodes()).isNotEmpty();
  }

  @Test
  void shouldStampTheBucketChangelogsWhenAppendedSoRetentionCountsFromThenNotFromTheEventTime() throws Exception {
    // Given the instance has aggregated events of a day ago into its day buckets
    String changelog = "ppscore-scoring-it-" + io.ppscore.state.StoreNames.DAY_BUCKETS + "-changelog";
    Instant testStart = Instant.now().minusSeconds(600);
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.<String, Object>of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers()));
        var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(Map.<String, Object>of(
            org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            org.apache.kafka.clients.consumer.ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, changelog);

      // When its topic and records are read
      var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(changelog).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(changelog, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        return !records.isEmpty();
      });

      // Then the broker stamps them: a replay of old history is not deleted by the changelog's retention
      assertThat(config.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
      assertThat(records).allSatisfy(r -> {
        assertThat(r.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
        assertThat(Instant.ofEpochMilli(r.timestamp())).isAfter(testStart);
      });
    }
  }

  @Test
  void shouldLetKafkaStreamsCreateTheRefreshCursorChangelogCompactedWithDailySegments() throws Exception {
    // Given the instance running with a model (so with the refresh sweep's cursor store)
    String changelog = "ppscore-scoring-it-" + io.ppscore.state.StoreNames.SCORING_REFRESH_CURSOR + "-changelog";
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
        Map.<String, Object>of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers()))) {
      var resource = new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, changelog);

      // When its topic is looked up (nobody created it but Kafka Streams)
      var description = admin.describeTopics(List.of(changelog)).allTopicNames().get().get(changelog);
      var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

      // Then it has a partition per input partition, is compacted, and rolls and compacts daily
      assertThat(description.partitions()).hasSize(3);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(config.get("segment.ms").value()).isEqualTo("86400000");
      assertThat(config.get("max.compaction.lag.ms").value()).isEqualTo("86400000");
    }
  }

  private static void sendEvents() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      send(producer, "orders", "alice", placed("alice-o1", "alice", T0.plusSeconds(60), line("p1", 2, "45.00")));
      send(producer, "clicks", "alice", view("alice-v1", "alice", T0.plusSeconds(120), "p2", "120.00"));
      send(producer, "orders", "alice", placed("alice-o2", "alice", T0.plusSeconds(180), line("p3", 1, "310.00")));
      send(producer, "clicks", "alice", view("alice-v2", "alice", T0.plusSeconds(240), "p4", "89.00"));
      send(producer, "orders", "bob", placed("bob-o1", "bob", T0.plusSeconds(300), line("p5", 1, "4.50")));
      send(producer, "orders", "bob", placed("bob-o2", "bob", T0.plusSeconds(360), line("p6", 3, "2.20")));
      for (int i = 1; i <= 3; i++) {
        send(producer, "clicks", "carol", view("carol-v" + i, "carol", T0.plusSeconds(400 + i * 60L), "p" + (10 + i), "15.00"));
      }
      send(producer, "carts", "dave", cartAdd("dave-c1", "dave", T0.plusSeconds(700), "p20", "64.00"));
      producer.flush();
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String user, OrderEvent order)
      throws Exception {
    byte[] value = topics.orders().valueSerde().serializer().serialize(topic, order);
    send(producer, topic, user, value, order.getEventTime());
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String user,
      io.ppscore.events.avro.CartEvent cart) throws Exception {
    byte[] value = topics.carts().valueSerde().serializer().serialize(topic, cart);
    send(producer, topic, user, value, cart.getEventTime());
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String user, ClickEvent click)
      throws Exception {
    byte[] value = topics.clicks().valueSerde().serializer().serialize(topic, click);
    send(producer, topic, user, value, click.getEventTime());
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String user, byte[] value, Instant at)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), user.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  /**
   * Every committed score, decoded with the project's wire-format deserializer (magic byte 0, schema id,
   * Avro), once {@code users} users have one and every partition is read to its last stable offset.
   */
  private static Map<String, List<UserScore>> readCommittedScores(int users) {
    List<ConsumerRecord<String, byte[]>> records = CommittedRecords.readAll(kafka.bootstrapServers(), SCORES_TOPIC,
        read -> read.stream().map(ConsumerRecord::key).distinct().count() >= users, users + " users scored", TIMEOUT);
    long latestRun = records.stream().mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
    scoresVisibleAfter = Duration.ofMillis(System.currentTimeMillis() - latestRun);
    Map<String, List<UserScore>> byUser = new TreeMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      UserScore score = topics.scores().valueSerde().deserializer().deserialize(record.topic(), record.value());
      assertThat(record.key()).isEqualTo(score.getUserId());
      byUser.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(score);
    }
    return byUser;
  }
}
