package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.app.ReplayTargets;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.replay.ReplayEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replayer through the app's Kafka target and wire-format serde, against a real broker and registry. */
class ReplayToKafkaIT {

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 3, "carts", 3, "orders", 3));
    registry = EmbeddedSchemaRegistry.start(0);
  }

  @AfterAll
  static void stop() {
    registry.close();
    kafka.close();
  }

  /** The app's configuration for this broker and registry, with input topics named {@code prefix} + kind. */
  private static AppConfig config(String prefix) {
    return new AppConfig(Map.of(AppConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        AppConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url(), AppConfig.TOPIC_CLICKS_CONFIG, prefix + "clicks",
        AppConfig.TOPIC_CARTS_CONFIG, prefix + "carts", AppConfig.TOPIC_ORDERS_CONFIG, prefix + "orders"));
  }

  /** The target {@code replay} sends through: Confluent wire format, schemas registered on first use. */
  private static KafkaReplayTarget target(AppConfig config) {
    return ReplayTargets.kafka(config, HttpSchemaRegistryClient.fromConfig(config));
  }

  @Test
  void shouldReplayTheBundledRees46SampleIntoOneTopicPerKind() throws Exception {
    // Given: ppscore dead-letters events stamped more than validation.max.future.ms ahead
    Instant landing = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    AppConfig config = config("");
    long sendStart = System.currentTimeMillis();

    // When
    ReplayStats stats;
    long acked;
    try (KafkaReplayTarget target = target(config)) {
      stats = Replayer.builder(new Rees46Reader(), target)
          .rebaseTo(landing)
          .progressTo(new PrintStream(progress, true, StandardCharsets.UTF_8), false)
          .build()
          .replay(Samples.rees46());
      acked = target.acked();
    }
    long sendEnd = System.currentTimeMillis();
    System.err.print(progress.toString(StandardCharsets.UTF_8));

    // Then
    assertThat(acked).isEqualTo(17_434);
    assertThat(stats.sent(Kind.CLICK)).isEqualTo(17_055);
    Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = consume(List.of("clicks", "carts", "orders"), 17_434);
    List<ConsumerRecord<String, byte[]>> clicks = byTopic.get("clicks");
    List<ConsumerRecord<String, byte[]>> carts = byTopic.get("carts");
    List<ConsumerRecord<String, byte[]>> orders = byTopic.get("orders");
    assertThat(clicks).hasSize(17_055);
    assertThat(carts).hasSize(165);
    assertThat(orders).hasSize(214);
    // records are stamped when sent; the event time (the file's spans 2 h 50 min, moved to end at landing) is in the value
    assertThat(byTopic.values().stream().flatMap(List::stream).mapToLong(ConsumerRecord::timestamp))
        .allSatisfy(t -> assertThat(t).isBetween(sendStart, sendEnd));
    ConsumerRecord<String, byte[]> first = orders.get(0);
    // in the wire format: magic byte 0, then the id the registry gave the order schema
    assertThat(first.value()[0]).isZero();
    assertThat(ByteBuffer.wrap(first.value(), 1, 4).getInt())
        .isEqualTo(registry.registry().latest("orders-value").id());
    OrderEvent order = orderReader(config).apply(first.value());
    assertThat(order.getUserId()).isEqualTo(first.key());
    assertThat(order.getEventTime()).isBetween(landing.minus(Duration.ofHours(3)), landing.minusSeconds(1));
  }

  @Test
  void shouldStampReplayedHistoryWithTheTimeOfSendingSoRetentionDoesNotDeleteIt() throws Exception {
    // Given: the Online Retail sample, event times 2009-2011, not moved; brokers delete segments by record
    // timestamps (7-day retention by default), so records stamped with those times would be deleted at once
    AppConfig config = config("history-");
    kafka.createTopics(Map.of("history-clicks", 1, "history-carts", 1, "history-orders", 1));
    long sendStart = System.currentTimeMillis();

    // When
    long acked;
    try (KafkaReplayTarget target = target(config)) {
      Replayer.builder(new OnlineRetailReader(), target)
          .progressTo(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false)
          .build()
          .replay(Samples.onlineRetail());
      acked = target.acked();
    }
    long sendEnd = System.currentTimeMillis();

    // Then: every record carries the time it was sent; the order's own time stays in the value
    List<ConsumerRecord<String, byte[]>> orders = consume(List.of("history-orders"), (int) acked).get("history-orders");
    assertThat(orders).hasSize((int) acked).isNotEmpty();
    assertThat(orders).allSatisfy(r -> assertThat(r.timestamp()).isBetween(sendStart, sendEnd));
    Function<byte[], OrderEvent> orderReader = orderReader(config);
    assertThat(orders).allSatisfy(r -> assertThat(orderReader.apply(r.value()).getEventTime())
        .isBefore(Instant.parse("2011-07-01T00:00:00Z")));
  }

  /** All records of {@code topics}, read from the beginning until there are {@code expected}. */
  private static Map<String, List<ConsumerRecord<String, byte[]>>> consume(List<String> topics, int expected) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = topics.stream()
          .flatMap(topic -> consumer.partitionsFor(topic).stream())
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await(expected + " records on " + topics).atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(received::add);
        return received.size() >= expected;
      });
    }
    return received.stream().collect(Collectors.groupingBy(ConsumerRecord::topic));
  }

  /** Order values read as the app reads them: the wire-format deserializer, writer schemas from the registry. */
  private static Function<byte[], OrderEvent> orderReader(AppConfig config) {
    Deserializer<OrderEvent> values = Topics.from(config, HttpSchemaRegistryClient.fromConfig(config)).orders()
        .valueSerde().deserializer();
    return bytes -> values.deserialize(config.ordersTopic(), bytes);
  }
}
