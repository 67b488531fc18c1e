package io.ppscore.query;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.UnknownStateStoreException;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;

/**
 * Interactive Queries v2 for {@link UserStateReader} implementations: runs a query (a {@code KeyQuery},
 * {@code WindowKeyQuery}, ...) on the <em>active</em> copy of the key's partition on this instance and turns
 * the transient failures into {@link StateUnavailableException}, which the HTTP layer answers with 503.
 *
 * <p>{@code NOT_ACTIVE} (only a standby is here), {@code NOT_UP_TO_BOUND} and {@code NOT_PRESENT} (the
 * partition moved or is restoring) are transient. {@code UNKNOWN_QUERY_TYPE}, {@code DOES_NOT_EXIST} and
 * {@code STORE_EXCEPTION} are bugs or store faults and surface as {@link IllegalStateException} (500), as does
 * a store name the topology does not have.
 */
public final class LocalQueries {

  private LocalQueries() {
  }

  /**
   * The result of {@code query} on the partition of {@code storeName} that holds {@code key}; empty when the
   * store has no value for it (a {@code KeyQuery} on an absent key).
   *
   * @throws StateUnavailableException when the partition cannot be queried on this instance right now
   */
  public static <K, R> Optional<R> queryActive(KafkaStreams streams, String storeName, K key,
                                               Serializer<K> keySerializer, Query<R> query) {
    KeyQueryMetadata metadata;
    StateQueryResult<R> result;
    try {
      metadata = streams.queryMetadataForKey(storeName, key, keySerializer);
      if (KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
        throw new StateUnavailableException("store " + storeName + " has no metadata yet");
      }
      result = streams.query(StateQueryRequest.inStore(storeName)
          .withQuery(query)
          .withPartitions(Set.of(metadata.partition()))
          .requireActive());
    } catch (UnknownStateStoreException e) {
      throw new IllegalStateException("the topology has no store named " + storeName, e);
    } catch (InvalidStateStoreException | IllegalStateException e) {
      // not started, stopped, or closing while we asked: all transient from the client's point of view
      throw new StateUnavailableException("store " + storeName + " is not queryable: " + e.getClass().getSimpleName(), e);
    }
    return resultFor(result, metadata.partition(), storeName);
  }

  static <R> Optional<R> resultFor(StateQueryResult<R> result, int partition, String storeName) {
    QueryResult<R> answer = result.getPartitionResults().get(partition);
    if (answer == null) {
      throw new StateUnavailableException("store " + storeName + " partition " + partition + " did not answer");
    }
    if (answer.isSuccess()) {
      return Optional.ofNullable(answer.getResult());
    }
    switch (answer.getFailureReason()) {
      case NOT_ACTIVE:
      case NOT_UP_TO_BOUND:
      case NOT_PRESENT:
        throw new StateUnavailableException(
            "store " + storeName + " partition " + partition + " is " + answer.getFailureReason() + " here");
      default:
        throw new IllegalStateException("query on store " + storeName + " partition " + partition + " failed: "
            + answer.getFailureReason() + ": " + answer.getFailureMessage());
    }
  }
}
