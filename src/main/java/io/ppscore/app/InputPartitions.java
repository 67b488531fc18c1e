package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The partition count of the input and erasure topics, read once at start-up: the topology needs it to tell a
 * record on its user's default (murmur2) partition from one a producer with another partitioner put elsewhere.
 * Asked with the admin configuration Kafka Streams itself uses, so both see the same cluster.
 */
final class InputPartitions {

  private InputPartitions() {
  }

  /** The common partition count of the inputs and the erasure topic; fails if they differ or cannot be read. */
  static int count(AppConfig config, Properties streamsProps) {
    List<String> topics = List.of(config.clicksTopic(), config.cartsTopic(), config.ordersTopic(),
        config.userErasureTopic());
    Map<String, Object> adminProps = new StreamsConfig(streamsProps).getAdminConfigs("ppscore-partitions");
    try (Admin admin = Admin.create(adminProps)) {
      return common(admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the partition counts of " + topics + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the partition counts of " + topics, e);
    }
  }

  /**
   * The partition count the {@code described} topics share: a user's clicks, carts, orders and erasure requests
   * must land in the same task to share state. Fails naming each topic's count when they differ.
   */
  static int common(Map<String, TopicDescription> described) {
    Map<String, Integer> partitions = new TreeMap<>();
    described.forEach((name, description) -> partitions.put(name, description.partitions().size()));
    if (partitions.values().stream().distinct().count() != 1) {
      throw new IllegalStateException("input topics (and the erasure topic) must have the same number of partitions, found "
          + partitions);
    }
    return partitions.values().iterator().next();
  }
}
