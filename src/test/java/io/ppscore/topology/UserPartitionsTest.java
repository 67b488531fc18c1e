package io.ppscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** A user id key is on its own partition only where Kafka's Java producer and Kafka Streams would put it. */
class UserPartitionsTest {

  @Test
  void shouldAcceptExactlyThePartitionTheJavaProducerChoosesForTheKey() {
    for (int partitions : new int[] {1, 3, 6, 12}) {
      for (int user = 0; user < 200; user++) {
        byte[] key = Integer.toString(17_800 + user).getBytes(StandardCharsets.UTF_8);
        int expected = BuiltInPartitioner.partitionForKey(key, partitions);
        for (int partition = 0; partition < partitions; partition++) {
          assertThat(UserPartitions.isOwnPartition(key, partition, partitions))
              .as("key %s on %d of %d", new String(key, StandardCharsets.UTF_8), partition, partitions)
              .isEqualTo(partition == expected);
        }
      }
    }
  }

  @Test
  void shouldRejectAPartitionBeyondTheKnownCountAndANullKey() {
    // Given a key's own partition among 3, it is no longer its own after partitions were added (6)
    assertThat(UserPartitions.isOwnPartition("17850".getBytes(StandardCharsets.UTF_8), 5, 3)).isFalse();
    assertThat(UserPartitions.isOwnPartition((String) null, 0, 1)).isFalse();
  }
}
