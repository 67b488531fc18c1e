package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.replay.ReplayEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplayToKafkaIT {

  private static final Map<Kind, String> TOPICS = Map.of(Kind.CLICK, "clicks", Kind.CART, "carts", Kind.ORDER, "orders");
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 3, "carts", 3, "orders", 3));
  }

  @AfterAll
  static void stopKafka() {
    kafka.close();
  }

  @Test
  void shouldReplayTheBundledRees46SampleIntoOneTopicPerKind() throws Exception {
    // Given: ppscore dead-letters events stamped more than validation.max.future.ms ahead
    Instant landing = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    long sendStart = System.currentTimeMillis();

    // When
    ReplayStats stats;
    long acked;
    try (KafkaReplayTarget target = KafkaReplayTarget.create(kafka.bootstrapServers(), new PlainAvroSerializer(), TOPICS)) {
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
    OrderEvent order = decode(first.value());
    assertThat(order.getUserId()).isEqualTo(first.key());
    assertThat(order.getEventTime()).isBetween(landing.minus(Duration.ofHours(3)), landing.minusSeconds(1));
  }

  @Test
  void shouldStampReplayedHistoryWithTheTimeOfSendingSoRetentionDoesNotDeleteIt() throws Exception {
    // Given: the Online Retail sample, event times 2009-2011, not moved; brokers delete segments by record
    // timestamps (7-day retention by default), so records stamped with those times would be deleted at once
    Map<Kind, String> topics = Map.of(Kind.CLICK, "history-clicks", Kind.CART, "history-carts", Kind.ORDER, "history-orders");
    kafka.createTopics(Map.of("history-clicks", 1, "history-carts", 1, "history-orders", 1));
    long sendStart = System.currentTimeMillis();

    // When
    long acked;
    try (KafkaReplayTarget target = KafkaReplayTarget.create(kafka.bootstrapServers(), new PlainAvroSerializer(), topics)) {
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
    assertThat(orders).allSatisfy(r -> assertThat(decode(r.value()).getEventTime())
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

  private static OrderEvent decode(byte[] bytes) {
    try {
      return new SpecificDatumReader<>(OrderEvent.class).read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
