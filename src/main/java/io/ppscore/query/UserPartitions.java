package io.ppscore.query;

import io.ppscore.state.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;

/**
 * The partition of a user's stores. Readers pin every store query to it: a partition that is restoring or
 * moved away then fails (503) instead of answering from the other local partitions as if the user did not
 * exist (404).
 */
final class UserPartitions {

  private UserPartitions() {
  }

  static int of(KafkaStreams streams, String userId) {
    KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.USER_PROFILE, userId, Serdes.String().serializer());
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      throw new StateUnavailableException("no metadata for the partition of this user yet");
    }
    return metadata.partition();
  }
}
