package io.ppscore.it;

import static io.ppscore.it.ItEvents.line;
import static io.ppscore.it.ItEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppscore.app.PipelineStats;
import io.ppscore.app.PpscoreApp;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.OrderEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
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
 * A replayed burst through a real broker and registry into an instance with the risk rules on (no model):
 * ten orders of one user in five minutes and a large first order of another. A plain read-committed
 * consumer that knows nothing of ppscore's classes (Confluent framing: magic byte 0, schema id, Avro body;
 * the writer schema fetched from the registry by id, decoded as a generic record) finds exactly the
 * expected flags, and {@code GET /v1/users/{id}/flags} lists them.
 */
class RiskIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final String FLAGS_TOPIC = "risk-flags";
  private static final int EXPECTED_FLAGS = 3;

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static PpscoreApp app;
  private static Topics topics;
  private static List<GenericRecord> flags;

  @BeforeAll
  static void replayBurst() throws Exception {
    // Given a broker with the inputs and the risk-flags topic, and a replayed burst already sent
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 3, "carts", 3, "orders", 3, "ppscore-dead-letter", 1, FLAGS_TOPIC, 3, "user-erasure", 3));
    registry = EmbeddedSchemaRegistry.start(0);
    AppConfig config = ItApps.config(kafka, registry, "ppscore-risk-it", stateDir, ItApps.freePort(),
        Map.of(AppConfig.RISK_ENABLED_CONFIG, true));
    topics = Topics.from(config, HttpSchemaRegistryClient.builder(registry.url()).build());
    sendEvents();

    // When the instance runs with the default rules
    app = ItApps.start(config);
    await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
    flags = readCommittedFlags();
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldFlagTheBurstAtTheThresholdAndAgainWhenItDoubles() {
    // defaults: 5 orders in 10 minutes is LOW, 10 (twice the threshold) MEDIUM
    List<GenericRecord> burst = flags.stream().filter(f -> f.get("user_id").toString().equals("burst")).toList();
    assertThat(burst).extracting(f -> f.get("rule_id").toString()).containsExactly("velocity", "velocity");
    assertThat(burst).extracting(f -> f.get("severity").toString()).containsExactly("LOW", "MEDIUM");
    assertThat(burst).extracting(f -> f.get("triggering_event_id").toString()).containsExactly("burst-o5", "burst-o10");
    GenericRecord first = burst.get(0);
    assertThat(first.get("flag_id").toString()).isEqualTo("burst:velocity:burst-o5");
    assertThat(first.get("triggering_event_time")).isEqualTo(T0.plusSeconds(5 * 30).toEpochMilli());
    assertThat(first.get("app_version").toString()).isNotBlank();
    assertThat(first.get("model_version")).isNull();
    @SuppressWarnings("unchecked")
    List<GenericRecord> evidence = (List<GenericRecord>) first.get("evidence");
    GenericRecord orders10m = evidence.stream().filter(e -> e.get("metric").toString().equals("orders_10m")).findFirst()
        .orElseThrow();
    assertThat(orders10m.get("value")).isEqualTo(5.0);
    assertThat(orders10m.get("threshold")).isEqualTo(5.0);
    assertThat(orders10m.get("crossed")).isEqualTo(true);
  }

  @Test
  void shouldFlagTheLargeFirstOrderOfANewAccountWithItsValue() {
    List<GenericRecord> fresh = flags.stream().filter(f -> f.get("user_id").toString().equals("fresh")).toList();
    assertThat(fresh).extracting(f -> f.get("rule_id").toString()).containsExactly("new-account-high-value");
    // decimal(18,4) bytes, read without ppscore's conversions: 3,500.0000 unscaled
    ByteBuffer value = (ByteBuffer) fresh.get(0).get("order_value");
    byte[] bytes = new byte[value.remaining()];
    value.duplicate().get(bytes);
    assertThat(new java.math.BigDecimal(new java.math.BigInteger(bytes), 4)).isEqualByComparingTo("3500.00");
    assertThat(fresh.get(0).get("currency").toString()).isEqualTo("GBP");
  }

  @Test
  void shouldNotFlagTheCalmUser() {
    assertThat(flags).extracting(f -> f.get("user_id").toString()).doesNotContain("calm");
    assertThat(flags).hasSize(EXPECTED_FLAGS);
  }

  @Test
  void shouldListTheFlagsOverHttpAndCountThem() {
    UserApi.Answer answer = UserApi.flags(app.httpPort(), "burst");
    assertThat(answer.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    answer.body().path("flags").forEach(f -> ids.add(f.path("triggeringEventId").asText()));
    assertThat(ids).containsExactly("burst-o10", "burst-o5");
    assertThat(PipelineStats.of(app.streams()).riskFlagsOut()).isEqualTo(EXPECTED_FLAGS);
  }

  private static void sendEvents() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 1; i <= 10; i++) {
        send(producer, "burst", placed("burst-o" + i, "burst", T0.plusSeconds(i * 30L), line("p" + i, 1, "12.50")));
      }
      send(producer, "calm", placed("calm-o1", "calm", T0.plusSeconds(60), line("p1", 2, "45.00")));
      send(producer, "calm", placed("calm-o2", "calm", T0.plus(Duration.ofHours(2)), line("p2", 1, "30.00")));
      send(producer, "fresh", placed("fresh-o1", "fresh", T0.plusSeconds(90), line("gold", 1, "3500.00")));
      producer.flush();
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String user, OrderEvent order) throws Exception {
    byte[] value = topics.orders().valueSerde().serializer().serialize("orders", order);
    producer.send(new ProducerRecord<>("orders", null, order.getEventTime().toEpochMilli(),
        user.getBytes(StandardCharsets.UTF_8), value)).get();
  }

  /** Every committed flag, once {@value #EXPECTED_FLAGS} are in and every partition is read to its end. */
  private static List<GenericRecord> readCommittedFlags() {
    PlainAvro decoder = new PlainAvro(registry.url());
    List<GenericRecord> read = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : CommittedRecords.readAll(kafka.bootstrapServers(), FLAGS_TOPIC,
        records -> records.size() >= EXPECTED_FLAGS, EXPECTED_FLAGS + " flags", TIMEOUT)) {
      GenericRecord flag = decoder.decode(record.value());
      assertThat(record.key()).isEqualTo(flag.get("user_id").toString());
      read.add(flag);
    }
    return read;
  }

  /**
   * What any Confluent-format consumer does, by hand: check the magic byte, read the schema id, fetch the
   * writer schema from {@code GET /schemas/ids/{id}} and decode the body as a generic record.
   */
  private static final class PlainAvro {
    private final String registryUrl;
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    PlainAvro(String registryUrl) {
      this.registryUrl = registryUrl;
    }

    GenericRecord decode(byte[] bytes) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      assertThat(buffer.get()).as("magic byte").isEqualTo((byte) 0);
      int id = buffer.getInt();
      Schema schema = schemas.computeIfAbsent(id, this::fetch);
      try {
        return new GenericDatumReader<GenericRecord>(schema, schema, GenericData.get())
            .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    private Schema fetch(int id) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + "/schemas/ids/" + id))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /schemas/ids/%d", id).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(response.body());
        return new Schema.Parser().parse(json.path("schema").asText());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
