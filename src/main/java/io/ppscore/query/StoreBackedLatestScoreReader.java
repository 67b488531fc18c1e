package io.ppscore.query;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserScoreJson;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a user's latest score from this instance's active {@code user-latest-score} store, pinned to the
 * user's partition like {@link StoreBackedUserStateReader}, and renders it with {@link UserScoreJson}. Only
 * for an instance whose topology scores (the store exists only then); otherwise use
 * {@link LatestScoreReader#NONE}.
 */
public final class StoreBackedLatestScoreReader implements LatestScoreReader {

  private final KafkaStreams streams;

  public StoreBackedLatestScoreReader(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public Optional<Map<String, Object>> read(String userId) {
    try {
      ReadOnlyKeyValueStore<String, UserScore> scores = ActiveStores.store(streams, StoreNames.USER_LATEST_SCORE,
          QueryableStoreTypes.<String, UserScore>keyValueStore(), ActiveStores.partitionOf(streams, userId));
      return Optional.ofNullable(scores.get(userId)).map(UserScoreJson::toJson);
    } catch (InvalidStateStoreException e) {
      throw new StateUnavailableException("the score store is not queryable here right now: " + e.getMessage(), e);
    }
  }
}
