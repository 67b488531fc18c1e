package io.ppscore.query;

import io.ppscore.state.Granularity;
import io.ppscore.state.KafkaStores;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserStateJson;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Reads a user's state from this instance's active stores (interactive queries) and renders it with
 * {@link UserStateJson}. Only active copies are read (standbys may lag); a store that is migrating or
 * restoring answers {@link StateUnavailableException}, which the API turns into 503.
 */
public final class StoreBackedUserStateReader implements UserStateReader {

  private final KafkaStreams streams;

  public StoreBackedUserStateReader(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public Optional<Map<String, Object>> read(String userId, Instant asOf) {
    try {
      int partition = ActiveStores.partitionOf(streams, userId);
      ReadOnlyKeyValueStore<String, UserProfile> profiles = ActiveStores.store(streams, StoreNames.USER_PROFILE,
          QueryableStoreTypes.<String, UserProfile>keyValueStore(), partition);
      Map<Granularity, ReadOnlyWindowStore<String, ActivityBucket>> buckets = new EnumMap<>(Granularity.class);
      for (Granularity g : Granularity.values()) {
        buckets.put(g, ActiveStores.store(streams, g.storeName(), QueryableStoreTypes.<String, ActivityBucket>windowStore(),
            partition));
      }
      return new UserStateStoreReader(KafkaStores.readOnly(profiles, buckets)).read(userId, asOf).map(UserStateJson::toJson);
    } catch (InvalidStateStoreException e) {
      throw new StateUnavailableException("state stores are not queryable here right now: " + e.getMessage(), e);
    }
  }
}
