package io.ppscore.it;

import static io.ppscore.it.ItEvents.line;
import static io.ppscore.it.ItEvents.placed;
import static io.ppscore.it.ItEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.app.PipelineStats;
import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shutdown {@code ppscore run} performs on SIGTERM ({@link PpscoreApp#close()}, what its main thread
 * calls), on a real broker with the committed model loaded: Kafka Streams ends {@code NOT_RUNNING} within
 * the timeout, every processed input offset is committed, the instance has left the group, the HTTP port
 * is free again, and a restart on the same state directory does not process the old records again.
 */
class GracefulShutdownIT {

  private static final String APP_ID = "ppscore-shutdown-it";
  private static final List<String> INPUTS = List.of("clicks", "carts", "orders");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static AppConfig config;
  private static Topics topics;
  private static PpscoreApp app;
  private static int readyStatusBeforeShutdown;
  private static long shutdownMillis;
  private static List<Long> blockCacheCapacities;
  private static List<Long> windowStoreBlockCacheCapacities;

  @BeforeAll
  static void processRecordsThenShutDown() throws Exception {
    // Given an instance with the committed model that has processed the orders and views of two users
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 2, "carts", 2, "orders", 2, "ppscore-dead-letter", 1, "user-erasure", 2));
    kafka.createCompactedTopic("purchasing-power-scores", 2);
    registry = EmbeddedSchemaRegistry.start(0);
    config = ItApps.config(kafka, registry, APP_ID, stateDir, ItApps.freePort(),
        Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
            AppConfig.SHUTDOWN_TIMEOUT_MS_CONFIG, 30_000L, AppConfig.ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG, 64L << 20));
    topics = Topics.from(config, HttpSchemaRegistryClient.builder(registry.url()).build());
    app = ItApps.start(config);
    await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
    send(0, 6);
    await("every event in the state").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> ordersOf("alice") == 3 && ordersOf("bob") == 3);
    readyStatusBeforeShutdown = status(app.httpPort(), "/health/ready");
    blockCacheCapacities = blockCacheCapacities(false);
    windowStoreBlockCacheCapacities = blockCacheCapacities(true);

    // When the instance is shut down as on SIGTERM
    long started = System.nanoTime();
    app.close();
    shutdownMillis = (System.nanoTime() - started) / 1_000_000;
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldBeReadyWhileRunningWithTheModelLoaded() {
    assertThat(app.scoringEnabled()).isTrue();
    assertThat(readyStatusBeforeShutdown).isEqualTo(200);
  }

  @Test
  void shouldGiveEveryRocksDBStoreTheOneConfiguredCache() {
    // Kafka Streams reports each store's block cache; with the shared pool they all report its capacity.
    // A window store is a set of segments, each its own RocksDB: between a segment's drop and the next
    // one's creation it has none open and reports 0, so only its non-zero reports are checked.
    long capacity = config.getLong(AppConfig.ROCKSDB_MEMORY_TOTAL_BYTES_CONFIG);
    assertThat(blockCacheCapacities).as("block-cache-capacity of the key-value stores").isNotEmpty()
        .containsOnly(capacity);
    assertThat(windowStoreBlockCacheCapacities).as("block-cache-capacity of the window stores").contains(capacity)
        .allMatch(c -> c == capacity || c == 0L);
  }

  /** The block-cache-capacity metric of every RocksDB key-value store, or of every window store. */
  private static List<Long> blockCacheCapacities(boolean windowStores) {
    String idTag = windowStores ? "rocksdb-window-state-id" : "rocksdb-state-id";
    return app.streams().metrics().entrySet().stream()
        .filter(e -> e.getKey().group().equals("stream-state-metrics") && e.getKey().name().equals("block-cache-capacity"))
        .filter(e -> e.getKey().tags().containsKey(idTag))
        .map(e -> ((Number) e.getValue().metricValue()).longValue()).toList();
  }

  @Test
  void shouldStopKafkaStreamsWithinTheTimeout() {
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    assertThat(shutdownMillis).isLessThan(config.shutdownTimeout().toMillis());
  }

  @Test
  void shouldCommitEveryProcessedInputOffsetAndLeaveTheGroup() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, Long> committed = admin.listConsumerGroupOffsets(APP_ID).partitionsToOffsetAndMetadata().get()
          .entrySet().stream().filter(e -> INPUTS.contains(e.getKey().topic()))
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String topic : INPUTS) {
        for (int partition = 0; partition < 2; partition++) {
          latest.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
      }
      Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
          .filter(e -> e.getValue().offset() > 0)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));

      assertThat(ends).as("input partitions that received records").isNotEmpty();
      assertThat(committed).as("committed offsets of the inputs").containsAllEntriesOf(ends);
      ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APP_ID)).describedGroups().get(APP_ID).get();
      assertThat(group.members()).as("members left in the group").isEmpty();
    }
  }

  @Test
  void shouldReleaseTheHttpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(config.httpPort())) {
      assertThat(socket.getLocalPort()).isEqualTo(config.httpPort());
    }
  }

  @Test
  void shouldNotReprocessOldRecordsAfterARestart() throws Exception {
    // Given a new instance on the same state directory and group
    PpscoreApp restarted = ItApps.start(config.with(Map.of(AppConfig.HTTP_PORT_CONFIG, ItApps.freePort())));
    try {
      await("restarted instance RUNNING").atMost(TIMEOUT).until(() -> restarted.streams().state() == KafkaStreams.State.RUNNING);

      // When one new order arrives
      send(6, 1);
      await("the new order in the state").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
          .until(() -> ordersOf(restarted, "alice") == 4);

      // Then the state kept its counts and the restarted instance read only the new record
      assertThat(ordersOf(restarted, "bob")).isEqualTo(3);
      assertThat(PipelineStats.of(restarted.streams()).eventsInByTopic().values().stream().mapToLong(Long::longValue).sum())
          .as("records read by the restarted instance").isEqualTo(1);
    } finally {
      restarted.close();
    }
  }

  /** Sends {@code count} orders alternating alice and bob, from number {@code first}, each with a view. */
  private static void send(int first, int count) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = first; i < first + count; i++) {
        String user = i % 2 == 0 ? "alice" : "bob";
        Instant at = T0.plusSeconds(60L * i);
        byte[] key = user.getBytes(StandardCharsets.UTF_8);
        byte[] order = topics.orders().valueSerde().serializer().serialize("orders",
            placed(user + "-o" + i, user, at, line("p" + i, 1, "10.00")));
        producer.send(new ProducerRecord<>("orders", null, at.toEpochMilli(), key, order)).get();
        if (count > 1) {
          byte[] click = topics.clicks().valueSerde().serializer().serialize("clicks", view(user + "-v" + i, user, at, "p" + i, "10.00"));
          producer.send(new ProducerRecord<>("clicks", null, at.toEpochMilli(), key, click)).get();
        }
      }
    }
  }

  private static long ordersOf(String user) {
    return ordersOf(app, user);
  }

  private static long ordersOf(PpscoreApp instance, String user) {
    UserApi.Answer answer = UserApi.get(instance.httpPort(), user, T0.plus(Duration.ofDays(1)));
    return answer.status() == 200 ? answer.lifetimeCount("orders") : -1;
  }

  private static int status(int port, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
