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
import io.ppscore.events.DeadLetterReason;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import io.ppscore.events.WireFormat;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.topology.DeadLetterHeaders;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One record of every bad-input kind, interleaved with good records, through a real broker and a real
 * registry: each bad record reaches the dead-letter topic exactly once with its reason and origin, the
 * good ones all reach the state, and the application keeps running. The records are sent once, in
 * {@link #sendPoisonPillsBetweenGoodRecords} (given, when); each test checks one outcome (then).
 */
class PoisonPillIT {

  private static final String ALICE = "alice";
  private static final String BOB = "bob";
  private static final Duration GRACE = Duration.ofHours(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  // Broker and validator judge times against the wall clock (retention, max future), so the explicit
  // event times hang off a recent whole hour rather than a fixed date.
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final Instant AS_OF = T0.plus(Duration.ofDays(1));

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static PpscoreApp app;
  private static Topics topics;
  private static KafkaProducer<byte[], byte[]> producer;
  private static final Map<String, Tally> good = new TreeMap<>(Map.of(ALICE, new Tally(), BOB, new Tally()));
  private static final List<Sent> poisonPills = new ArrayList<>();
  private static Sent late;
  private static List<ConsumerRecord<byte[], byte[]>> deadLetters;

  /** One record as it was written: where it landed and its exact bytes. */
  private record Sent(DeadLetterReason reason, String topic, int partition, long offset, byte[] key, byte[] value) {
  }

  /** Good records of one user, as the state should count them. */
  private static final class Tally {
    int orders;
    int views;
    BigDecimal grossSpend = ItEvents.money("0");
  }

  @BeforeAll
  static void sendPoisonPillsBetweenGoodRecords() throws Exception {
    // Given a broker, a registry and one running instance with a one-hour grace period
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 4, "carts", 4, "orders", 4, "ppscore-dead-letter", 1, "user-erasure", 4));
    registry = EmbeddedSchemaRegistry.start(0);
    AppConfig config = ItApps.config(kafka, registry, "ppscore-poison-pill-it", stateDir, ItApps.freePort(),
        Map.of(AppConfig.GRACE_MS_CONFIG, GRACE.toMillis()));
    app = ItApps.start(config);
    topics = Topics.from(config, HttpSchemaRegistryClient.builder(registry.url()).build());
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
    await("instance RUNNING").atMost(TIMEOUT).until(() -> app.streams().state() == KafkaStreams.State.RUNNING);

    // When every kind of bad record is sent, with good records before, between and after
    sendEveryBadKindBetweenGoodRecords();
    await("good records before the late event counted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(PoisonPillIT::stateMatchesGoodRecords);
    sendLateEventThenAGoodRecord();
    await("every good record counted").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(PoisonPillIT::stateMatchesGoodRecords);
    deadLetters = CommittedRecords.readPartitionZero(kafka.bootstrapServers(), topics.deadLetter().name(),
        poisonPills.size() + 1, TIMEOUT);
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(producer);
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldRouteEveryPoisonPillToDeadLetterTopicExactlyOnceWithOriginalBytes() {
    assertThat(deadLetters).as("dead letters: the poison pills and the late event, nothing else")
        .hasSize(poisonPills.size() + 1);
    for (Sent pill : poisonPills) {
      List<ConsumerRecord<byte[], byte[]>> matches = deadLettersFrom(pill);
      assertThat(matches).as("dead letters of %s", pill.reason()).hasSize(1);
      ConsumerRecord<byte[], byte[]> dead = matches.get(0);
      assertThat(header(dead, DeadLetterHeaders.REASON)).as("reason of %s", pill.reason()).isEqualTo(pill.reason().name());
      assertThat(header(dead, DeadLetterHeaders.MESSAGE)).isNotBlank();
      assertThat(header(dead, DeadLetterHeaders.APP_VERSION)).isNotBlank();
      assertThat(dead.key()).as("key of %s", pill.reason()).isEqualTo(pill.key());
      assertThat(dead.value()).as("value of %s, unchanged", pill.reason()).isEqualTo(pill.value());
    }
  }

  @Test
  void shouldRouteLateEventToDeadLetterTopicAsReencodedUserEvent() {
    List<ConsumerRecord<byte[], byte[]>> matches = deadLettersFrom(late);
    assertThat(matches).hasSize(1);
    ConsumerRecord<byte[], byte[]> dead = matches.get(0);
    assertThat(header(dead, DeadLetterHeaders.REASON)).isEqualTo(DeadLetterReason.LATE_EVENT.name());
    assertThat(dead.key()).isEqualTo(late.key());

    UserEvent decoded = topics.userEventSerde().deserializer().deserialize(dead.topic(), dead.value());
    assertThat(decoded.getSourceTopic()).isEqualTo(late.topic());
    assertThat(decoded.getSourcePartition()).isEqualTo(late.partition());
    assertThat(decoded.getSourceOffset()).isEqualTo(late.offset());
    assertThat(decoded.getEvent()).isInstanceOfSatisfying(OrderEvent.class,
        order -> assertThat(order.getEventId()).isEqualTo("alice-late"));
  }

  @Test
  void shouldCountEveryGoodRecordAroundThePoisonPillsExactly() {
    for (Map.Entry<String, Tally> user : good.entrySet()) {
      UserApi.Answer answer = UserApi.get(app.httpPort(), user.getKey(), AS_OF);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.lifetimeCount("orders")).as("orders of %s", user.getKey()).isEqualTo(user.getValue().orders);
      assertThat(answer.lifetimeCount("views")).as("views of %s", user.getKey()).isEqualTo(user.getValue().views);
      assertThat(answer.lifetimeGrossSpend()).as("gross spend of %s", user.getKey())
          .isEqualByComparingTo(user.getValue().grossSpend);
      assertThat(answer.body().path("lateEvents").asLong()).isEqualTo(user.getKey().equals(ALICE) ? 1 : 0);
    }
  }

  @Test
  void shouldKeepRunningOnItsOriginalStreamThread() {
    assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    // an uncaught exception would have replaced StreamThread-1 with StreamThread-2
    assertThat(app.streams().metadataForLocalThreads()).extracting(ThreadMetadata::threadName)
        .singleElement().asString().endsWith("-StreamThread-1");
  }

  @Test
  void shouldCountDeadLettersByReasonInPipelineStats() {
    Map<String, Long> expected = new TreeMap<>(poisonPills.stream()
        .collect(Collectors.groupingBy(pill -> pill.reason().name(), Collectors.counting())));
    expected.put(DeadLetterReason.LATE_EVENT.name(), 1L);

    assertThat(PipelineStats.of(app.streams()).deadLettersByReason()).isEqualTo(expected);
  }

  private static void sendEveryBadKindBetweenGoodRecords() throws Exception {
    byte[] aliceClick = clickBytes(view("bad-click-a", ALICE, T0, "p1", "1.00"));
    byte[] bobClick = clickBytes(view("bad-click-b", BOB, T0, "p1", "1.00"));

    goodOrder(ALICE, "alice-o1", T0.plusSeconds(60), "12.50", 2);
    goodView(BOB, "bob-v1", T0.plusSeconds(120));
    pill(DeadLetterReason.UNDESERIALIZABLE, "clicks", ALICE, Arrays.copyOf(aliceClick, 8), T0.plusSeconds(130));
    goodOrder(BOB, "bob-o1", T0.plusSeconds(180), "99.99", 1);
    byte[] wrongMagic = orderBytes(placed("bad-magic", ALICE, T0, line("p", 1, "5.00")));
    wrongMagic[0] = 7;
    pill(DeadLetterReason.WRONG_MAGIC_BYTE, "orders", ALICE, wrongMagic, T0.plusSeconds(190));
    goodView(ALICE, "alice-v1", T0.plusSeconds(240));
    byte[] unknownId = WireFormat.frame(987_654, Arrays.copyOfRange(bobClick, WireFormat.HEADER_LENGTH, bobClick.length));
    pill(DeadLetterReason.UNKNOWN_SCHEMA_ID, "clicks", BOB, unknownId, T0.plusSeconds(250));
    pill(DeadLetterReason.SCHEMA_MISMATCH, "orders", BOB, bobClick, T0.plusSeconds(260));
    goodOrder(ALICE, "alice-o2", T0.plusSeconds(300), "3.20", 5);
    pill(DeadLetterReason.MISSING_USER_ID, "orders", null,
        orderBytes(placed("bad-guest", "", T0, line("p", 1, "5.00"))), T0.plusSeconds(310));
    pill(DeadLetterReason.INVALID_AMOUNT, "orders", ALICE,
        orderBytes(placed("bad-negative", ALICE, T0, line("p", 1, "-3.00"))), T0.plusSeconds(320));
    goodOrder(BOB, "bob-o2", T0.plusSeconds(360), "0.99", 3);
    pill(DeadLetterReason.ABSURD_TIMESTAMP, "clicks", ALICE,
        clickBytes(view("bad-1970", ALICE, Instant.parse("1970-01-02T00:00:00Z"), "p1", "1.00")), T0.plusSeconds(370));
    pill(DeadLetterReason.ABSURD_TIMESTAMP, "orders", BOB,
        orderBytes(placed("bad-future", BOB, Instant.parse("2999-01-01T00:00:00Z"), line("p", 1, "5.00"))),
        T0.plusSeconds(380));
    ClickEvent oversized = view("bad-oversized", BOB, T0, "p1", "1.00");
    oversized.setTitle("x".repeat(app.config().getInt(AppConfig.VALIDATION_MAX_STRING_LENGTH_CONFIG) + 1));
    pill(DeadLetterReason.OVERSIZED_FIELD, "clicks", BOB, clickBytes(oversized), T0.plusSeconds(390));
    goodOrder(ALICE, "alice-o3", T0.plusSeconds(420), "40.00", 1);
    pill(DeadLetterReason.UNDESERIALIZABLE, "carts", ALICE, new byte[0], T0.plusSeconds(430));
    goodView(BOB, "bob-v2", T0.plusSeconds(480));
    goodOrder(ALICE, "alice-o4", T0.plusSeconds(540), "7.77", 1);
  }

  /** Sent once the earlier records are in the state, so the partition watermark is known to be past them. */
  private static void sendLateEventThenAGoodRecord() throws Exception {
    Instant lateTime = T0.minus(GRACE).minus(Duration.ofMinutes(1));
    OrderEvent order = placed("alice-late", ALICE, lateTime, line("p", 1, "1000.00"));
    late = send(DeadLetterReason.LATE_EVENT, "orders", ALICE, orderBytes(order), lateTime);
    goodOrder(BOB, "bob-o3", T0.plusSeconds(600), "15.00", 2);
  }

  private static void goodOrder(String user, String eventId, Instant at, String unitPrice, int quantity)
      throws Exception {
    var line = line("p-" + eventId, quantity, unitPrice);
    send(null, "orders", user, orderBytes(placed(eventId, user, at, line)), at);
    Tally tally = good.get(user);
    tally.orders++;
    tally.grossSpend = tally.grossSpend.add(ItEvents.value(line));
  }

  private static void goodView(String user, String eventId, Instant at) throws Exception {
    send(null, "clicks", user, clickBytes(view(eventId, user, at, "p-" + eventId, "9.99")), at);
    good.get(user).views++;
  }

  private static void pill(DeadLetterReason reason, String topic, String user, byte[] value, Instant sentAt)
      throws Exception {
    poisonPills.add(send(reason, topic, user, value, sentAt));
  }

  private static Sent send(DeadLetterReason reason, String topic, String user, byte[] value, Instant timestamp)
      throws ExecutionException, InterruptedException {
    byte[] key = user == null ? null : user.getBytes(StandardCharsets.UTF_8);
    RecordMetadata md = producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value)).get();
    return new Sent(reason, topic, md.partition(), md.offset(), key, value);
  }

  private static byte[] clickBytes(ClickEvent click) {
    return topics.clicks().valueSerde().serializer().serialize(topics.clicks().name(), click);
  }

  private static byte[] orderBytes(OrderEvent order) {
    return topics.orders().valueSerde().serializer().serialize(topics.orders().name(), order);
  }

  private static boolean stateMatchesGoodRecords() {
    return good.entrySet().stream().allMatch(user -> {
      UserApi.Answer answer = UserApi.get(app.httpPort(), user.getKey(), AS_OF);
      return answer.status() == 200 && answer.lifetimeCount("orders") == user.getValue().orders
          && answer.lifetimeCount("views") == user.getValue().views;
    });
  }

  private static List<ConsumerRecord<byte[], byte[]>> deadLettersFrom(Sent sent) {
    return deadLetters.stream()
        .filter(r -> sent.topic().equals(header(r, DeadLetterHeaders.SOURCE_TOPIC))
            && String.valueOf(sent.partition()).equals(header(r, DeadLetterHeaders.SOURCE_PARTITION))
            && String.valueOf(sent.offset()).equals(header(r, DeadLetterHeaders.SOURCE_OFFSET)))
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return DeadLetterHeaders.read(record.headers(), name);
  }
}
