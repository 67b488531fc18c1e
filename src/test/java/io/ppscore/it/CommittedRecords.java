package io.ppscore.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads what an exactly-once application has committed to a topic, as a plain downstream consumer would. */
final class CommittedRecords {

  private CommittedRecords() {
  }

  /**
   * Every committed record of partition 0 of {@code topic}, once at least {@code expected} are there. Reads on
   * up to the last stable offset, so a duplicate committed alongside them would be returned too.
   */
  static List<ConsumerRecord<byte[], byte[]>> readPartitionZero(String bootstrapServers, String topic, int expected,
      Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      await(expected + " committed records on " + topic).atMost(timeout).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= expected;
          });
      // with read_committed, the end offset is the last stable offset
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      await(topic + " read up to its last stable offset " + end).atMost(timeout).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return consumer.position(partition) >= end;
          });
    }
    return received;
  }

  /**
   * Every committed record of every partition of {@code topic}, with string keys, once {@code enough} holds for
   * those read so far ({@code what} names the wait). Reads on up to the last stable offsets, so anything
   * committed alongside them is returned too.
   */
  static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic,
      java.util.function.Predicate<List<ConsumerRecord<String, byte[]>>> enough, String what, Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config,
        new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await(what + " on " + topic).atMost(timeout).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return enough.test(received);
          });
      // with read_committed, the end offsets are the last stable offsets
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      await(topic + " read to its last stable offsets").atMost(timeout).pollInterval(Duration.ofMillis(10))
          .until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
          });
    }
    return received;
  }
}
