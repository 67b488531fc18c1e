package io.ppscore.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a user's records belong: the partition Kafka's Java producer and Kafka Streams give a key by default
 * (murmur2 of the key's bytes, as {@code BuiltInPartitioner.partitionForKey}). A user's state lives in the task
 * of that partition, and the interactive queries look for it there; a record on another partition (a client
 * with another partitioner, such as librdkafka's default {@code consistent_random}) must be moved there first.
 */
final class UserPartitions {

  private UserPartitions() {
  }

  /** Whether {@code key} arrived on the partition the default partitioner gives it among {@code partitions}. */
  static boolean isOwnPartition(byte[] key, int partition, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
    }
    return key != null && Utils.toPositive(Utils.murmur2(key)) % partitions == partition;
  }

  /** As above, for a user id key (serialized as UTF-8, as the String serde does). */
  static boolean isOwnPartition(String userId, int partition, int partitions) {
    return userId != null && isOwnPartition(userId.getBytes(StandardCharsets.UTF_8), partition, partitions);
  }
}
