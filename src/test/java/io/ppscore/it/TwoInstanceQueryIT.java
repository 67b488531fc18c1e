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
import io.ppscore.events.avro.OrderLine;
import io.ppscore.state.StoreNames;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of one application share the input partitions; a query sent to either instance is
 * answered from the instance that owns the user's partition. Both require a bearer token, so forwarding
 * only works because the forwarding instance sends its peer token.
 */
class TwoInstanceQueryIT {

  private static final String APPLICATION_ID = "ppscore-two-instance-it";
  private static final int USERS = 40;
  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  // Broker and validator judge event times against the wall clock (retention, max future, min time), so
  // the explicit event times hang off a recent whole hour rather than a fixed date.
  private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(1));
  private static final Instant AS_OF = T0.plus(Duration.ofDays(1));

  @TempDir
  static Path stateA;
  @TempDir
  static Path stateB;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static PpscoreApp a;
  private static PpscoreApp b;
  /** What was produced, by user: the orders and their summed value. */
  private static final Map<String, Produced> produced = new LinkedHashMap<>();

  private record Produced(int orders, BigDecimal grossSpend) {
  }

  @BeforeAll
  static void startTwoInstancesAndProduceOrders() {
    // Given a broker, a registry and two instances of the same application with their own state and port
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 4, "carts", 4, "orders", 4, "ppscore-dead-letter", 1, "user-erasure", 4));
    registry = EmbeddedSchemaRegistry.start(0);
    a = ItApps.start(config(stateA));
    b = ItApps.start(config(stateB));
    await("both instances RUNNING with both in the cluster metadata").atMost(TIMEOUT)
        .until(() -> isRunningWithPeers(a) && isRunningWithPeers(b));

    // When orders for 40 users are produced
    produceOrders();

    // Then (precondition) every user's orders are visible through instance A
    await("all " + USERS + " users' orders visible through instance A").atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> produced.entrySet().stream().allMatch(e -> {
          UserApi.Answer answer = UserApi.get(a.httpPort(), e.getKey(), AS_OF);
          return answer.status() == 200 && answer.lifetimeCount("orders") == e.getValue().orders();
        }));
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(a);
    ItApps.closeQuietly(b);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldForwardQueryFromInstanceAToTheInstanceBThatOwnsTheUser() {
    // Given a user whose profile partition is active on instance B
    String user = firstUserOwnedBy(b);

    // When instance A is asked
    UserApi.Answer answer = UserApi.get(a.httpPort(), user, AS_OF);

    // Then B answered, through A, with exactly what was produced
    assertAnsweredBy(answer, b, user);
  }

  @Test
  void shouldForwardQueryFromInstanceBToTheInstanceAThatOwnsTheUser() {
    String user = firstUserOwnedBy(a);

    UserApi.Answer answer = UserApi.get(b.httpPort(), user, AS_OF);

    assertAnsweredBy(answer, a, user);
  }

  @Test
  void shouldServeUsersWhoseEventsArrivedOnAnotherPartitionThanTheirKeysFromTheOwnerOfTheirKey() {
    // Given users whose orders were written to another partition than their key's murmur2 one
    List<String> misplaced = produced.keySet().stream().filter(TwoInstanceQueryIT::misplaced).toList();
    assertThat(misplaced).hasSize(USERS / 4);

    // When / Then each is answered through either instance by the owner of its key, with all its orders
    for (String user : misplaced) {
      for (PpscoreApp instance : List.of(a, b)) {
        UserApi.Answer answer = UserApi.get(instance.httpPort(), user, AS_OF);
        assertThat(answer.status()).as("%s via port %d", user, instance.httpPort()).isEqualTo(200);
        assertThat(answer.servedBy()).isEqualTo(ownerOf(user));
        assertThat(answer.lifetimeCount("orders")).isEqualTo(produced.get(user).orders());
      }
    }
  }

  @Test
  void shouldAnswer400FromTheOwnerForAnAsOfBeforeTheWindowStoresCanAnswerInFull() {
    // Given a user owned by B, whose task's newest event is about a day old
    String user = firstUserOwnedBy(b);

    // When A is asked for the user's windows three days further back
    UserApi.Answer answer = UserApi.get(a.httpPort(), user, T0.minus(Duration.ofDays(3)));

    // Then B, which knows its stores' clocks, refuses rather than answering with expired buckets
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.servedBy()).isEqualTo(endpoint(b));
    assertThat(answer.body().path("error").asText()).contains("the earliest time whose windows");
  }

  @Test
  void shouldAnswer401WithoutTokenBeforeForwardingToTheOwner() {
    // Given a user owned by B (both instances require a token; forwarding above works with the peer token)
    String user = firstUserOwnedBy(b);

    // When A is asked without a token
    UserApi.Answer answer = UserApi.getWithAuthorization(a.httpPort(), user, AS_OF, null);

    // Then A refuses itself: a 401 (an owner's 401 to a forward would reach the caller as 502), without naming
    // an instance to a caller that showed no token
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.servedBy()).isNull();
  }

  @Test
  void shouldAnswer403ForWrongTokenOnEitherInstance() {
    String user = firstUserOwnedBy(a);

    for (PpscoreApp instance : List.of(a, b)) {
      UserApi.Answer answer = UserApi.getWithAuthorization(instance.httpPort(), user, AS_OF, "Bearer not-the-token");
      assertThat(answer.status()).as("status via port %d", instance.httpPort()).isEqualTo(403);
      assertThat(answer.body().path("error").asText()).isEqualTo("token not accepted");
    }
  }

  @Test
  void shouldAnswer404ForUnknownUserThroughEitherInstance() {
    // Given a valid id that never had an event
    String unknown = "user-never-seen";

    // When / Then
    for (PpscoreApp instance : List.of(a, b)) {
      UserApi.Answer answer = UserApi.get(instance.httpPort(), unknown, AS_OF);
      assertThat(answer.status()).as("status via port %d", instance.httpPort()).isEqualTo(404);
      assertThat(answer.body().path("error").asText()).isEqualTo("unknown user");
      assertThat(answer.servedBy()).as("the owner answers, whoever was asked").isEqualTo(ownerOf(unknown));
    }
  }

  @Test
  void shouldAnswer400ForInvalidUserIdWithoutForwarding() {
    // Given an id with a space, which no event may carry
    String invalid = "bad%20id";

    // When / Then
    for (PpscoreApp instance : List.of(a, b)) {
      UserApi.Answer answer = UserApi.get(instance.httpPort(), invalid, AS_OF);
      assertThat(answer.status()).as("status via port %d", instance.httpPort()).isEqualTo(400);
      assertThat(answer.servedBy()).isEqualTo(endpoint(instance));
    }
  }

  private static AppConfig config(Path stateDir) {
    return ItApps.config(kafka, registry, APPLICATION_ID, stateDir, ItApps.freePort(), Map.of());
  }

  private static boolean isRunningWithPeers(PpscoreApp app) {
    return app.streams().state() == KafkaStreams.State.RUNNING && app.streams().metadataForAllStreamsClients().size() == 2;
  }

  /**
   * User i places 1 + i % 3 orders, one minute apart per user and a second apart per order. Every fourth user's
   * orders are keyed by the user id but written to the partition after the key's murmur2 one, as a librdkafka
   * producer with its default (CRC32) partitioner may.
   */
  private static void produceOrders() {
    AppConfig config = a.config();
    Topics topics = Topics.from(config, HttpSchemaRegistryClient.builder(config.schemaRegistryUrl()).build());
    Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (KafkaProducer<String, OrderEvent> producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
        topics.orders().valueSerde().serializer())) {
      for (int i = 0; i < USERS; i++) {
        String user = String.format("user-%02d", i);
        int orders = 1 + i % 3;
        BigDecimal spend = ItEvents.money("0");
        for (int k = 0; k < orders; k++) {
          Instant at = T0.plus(Duration.ofMinutes(i)).plusSeconds(k);
          OrderLine line = line("p-" + k, 1 + k, BigDecimal.valueOf(1_000 + 37L * i + 11L * k, 2).toPlainString());
          OrderEvent order = placed(user + "-o" + k, user, at, line);
          producer.send(new ProducerRecord<>(config.ordersTopic(), partitionOf(user), at.toEpochMilli(), user, order));
          spend = spend.add(ItEvents.value(line));
        }
        produced.put(user, new Produced(orders, spend));
      }
      producer.flush();
    }
  }

  private static boolean misplaced(String user) {
    return Integer.parseInt(user.substring(user.indexOf('-') + 1)) % 4 == 0;
  }

  /** The key's murmur2 partition among the 4, or the next one for a {@link #misplaced} user. */
  private static int partitionOf(String user) {
    int own = BuiltInPartitioner.partitionForKey(user.getBytes(StandardCharsets.UTF_8), 4);
    return misplaced(user) ? (own + 1) % 4 : own;
  }

  private static String firstUserOwnedBy(PpscoreApp owner) {
    List<String> owned = new ArrayList<>();
    for (String user : produced.keySet()) {
      if (ownerOf(user).equals(endpoint(owner))) {
        owned.add(user);
      }
    }
    assertThat(owned).as("users whose active host is %s", endpoint(owner)).isNotEmpty();
    return owned.get(0);
  }

  private static String ownerOf(String user) {
    HostInfo host = a.streams().queryMetadataForKey(StoreNames.USER_PROFILE, user, Serdes.String().serializer())
        .activeHost();
    return host.host() + ":" + host.port();
  }

  private static String endpoint(PpscoreApp app) {
    return app.config().advertisedEndpoint();
  }

  private static void assertAnsweredBy(UserApi.Answer answer, PpscoreApp owner, String user) {
    Produced expected = produced.get(user);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.servedBy()).isEqualTo(endpoint(owner));
    assertThat(answer.body().path("userId").asText()).isEqualTo(user);
    assertThat(answer.lifetimeCount("orders")).isEqualTo(expected.orders());
    assertThat(answer.lifetimeGrossSpend()).isEqualByComparingTo(expected.grossSpend());
  }
}
