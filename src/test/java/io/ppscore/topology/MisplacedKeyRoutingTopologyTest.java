package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.state.StoreNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input topics of 3 partitions, of which TopologyTestDriver feeds partition 0: a record keyed by its user id
 * whose murmur2 partition is another one (as a librdkafka producer with its default partitioner writes it) is
 * in the wrong task and goes through a repartition topic to its user's task; one on its own partition does not.
 */
class MisplacedKeyRoutingTopologyTest {

  private static final int PARTITIONS = 3;
  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final String EVENTS_REKEY = "ppscore-test-user-events-rekey-repartition";
  private static final String ERASURE_REKEY = "ppscore-test-user-erasure-rekey-repartition";

  private final AppConfig config = new AppConfig(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test"));
  private final Topics topics = Topics.from(config, new InMemorySchemaRegistry());
  @TempDir
  Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, ClickEvent> clicks;
  private TestInputTopic<String, UserErasureRequest> erasures;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ppscore-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
    driver = new TopologyTestDriver(PurchasingPowerTopology.build(builder, topics, TopologySettings.from(config, PARTITIONS)),
        props, WALL_CLOCK);
    clicks = driver.createInputTopic(config.clicksTopic(), new StringSerializer(), topics.clicks().valueSerde().serializer());
    erasures = driver.createInputTopic(config.userErasureTopic(), new StringSerializer(),
        topics.userErasure().valueSerde().serializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void shouldRouteAnEventKeyedByItsUserOnAnotherPartitionThroughTheRekeyTopic() {
    // Given a user whose key murmur2 puts on partition 1 or 2, while the record arrives on partition 0
    String misplaced = userOnPartition(p -> p != 0);

    // When the event arrives keyed by the user id
    clicks.pipeInput(misplaced, view("e1", misplaced, T0, "p1", "10.00"), T0);

    // Then it took the rekey topic (to the task of its own partition), and its state was built
    assertThat(driver.producedTopicNames()).contains(EVENTS_REKEY);
    assertThat(driver.getKeyValueStore(StoreNames.USER_PROFILE).get(misplaced)).isNotNull();
  }

  @Test
  void shouldKeepAnEventKeyedByItsUserOnItsOwnPartitionOffTheRekeyTopic() {
    // Given a user whose key murmur2 puts on partition 0, where the record arrives
    String placed = userOnPartition(p -> p == 0);

    // When the event arrives keyed by the user id
    clicks.pipeInput(placed, view("e1", placed, T0, "p1", "10.00"), T0);

    // Then no repartition topic was written, and its state was built
    assertThat(driver.producedTopicNames()).doesNotContain(EVENTS_REKEY);
    assertThat(driver.getKeyValueStore(StoreNames.USER_PROFILE).get(placed)).isNotNull();
  }

  @Test
  void shouldRouteAnErasureRequestOnAnotherPartitionThanItsKeysThroughTheErasureRekeyTopic() {
    // Given a user with state, whose key murmur2 puts on partition 1 or 2
    String misplaced = userOnPartition(p -> p != 0);
    clicks.pipeInput(misplaced, view("e1", misplaced, T0, "p1", "10.00"), T0);

    // When their erasure request arrives on partition 0
    erasures.pipeInput(misplaced, request(), T0.plusSeconds(60));

    // Then it took the erasure rekey topic, and the user is erased
    assertThat(driver.producedTopicNames()).contains(ERASURE_REKEY);
    assertThat(driver.getKeyValueStore(StoreNames.USER_PROFILE).get(misplaced)).isNull();
  }

  @Test
  void shouldEraseDirectlyARequestOnItsKeysOwnPartition() {
    // Given a user with state, whose key murmur2 puts on partition 0
    String placed = userOnPartition(p -> p == 0);
    clicks.pipeInput(placed, view("e1", placed, T0, "p1", "10.00"), T0);

    // When their erasure request arrives on partition 0
    erasures.pipeInput(placed, request(), T0.plusSeconds(60));

    // Then it did not take the erasure rekey topic, and the user is erased
    assertThat(driver.producedTopicNames()).doesNotContain(ERASURE_REKEY);
    assertThat(driver.getKeyValueStore(StoreNames.USER_PROFILE).get(placed)).isNull();
  }

  /** The first of u0, u1, ... whose murmur2 partition among {@link #PARTITIONS} matches. */
  private static String userOnPartition(java.util.function.IntPredicate partition) {
    return IntStream.range(0, 1000).mapToObj(i -> "u" + i)
        .filter(u -> partition.test(BuiltInPartitioner.partitionForKey(u.getBytes(StandardCharsets.UTF_8), PARTITIONS)))
        .findFirst().orElseThrow();
  }

  private static UserErasureRequest request() {
    return UserErasureRequest.newBuilder().setRequestId("req-1").setRequestedAt(T0).setRequestedBy("test")
        .setReason("ticket 1").build();
  }
}
