package io.ppscore.query;

import io.ppscore.state.StoreNames;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreType;

/**
 * The two Kafka Streams calls every store-backed reader makes: the partition of a user's stores, and that
 * partition's active store. Readers pin every store query to the partition: a partition that is restoring or
 * moved away then fails (503) instead of answering from the other local partitions as if the user did not
 * exist (404).
 *
 * <p>Both calls throw {@link IllegalStateException} when Kafka Streams left RUNNING/REBALANCING after the user
 * was located (shutdown, a fatal error): transient for the client, so it becomes a
 * {@link StateUnavailableException} (503) like an {@code InvalidStateStoreException}, not a 500.
 */
final class ActiveStores {

  private ActiveStores() {
  }

  static int partitionOf(KafkaStreams streams, String userId) {
    KeyQueryMetadata metadata;
    try {
      metadata = streams.queryMetadataForKey(StoreNames.USER_PROFILE, userId, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      throw notRunning(e);
    }
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      throw new StateUnavailableException("no metadata for the partition of this user yet");
    }
    return metadata.partition();
  }

  /** The active copy of {@code storeName}'s {@code partition}; may throw {@code InvalidStateStoreException}. */
  static <T> T store(KafkaStreams streams, String storeName, QueryableStoreType<T> type, int partition) {
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(storeName, type).withPartition(partition));
    } catch (IllegalStateException e) {
      throw notRunning(e);
    }
  }

  private static StateUnavailableException notRunning(IllegalStateException e) {
    return new StateUnavailableException("Kafka Streams is not running", e);
  }
}
