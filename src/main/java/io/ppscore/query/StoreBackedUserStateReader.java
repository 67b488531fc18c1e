package io.ppscore.query;

import io.ppscore.state.Granularity;
import io.ppscore.state.KafkaStores;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserStateJson;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.WindowHorizon;
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
 * restoring answers {@link StateUnavailableException}, which the API turns into 503. With a {@link WindowHorizon},
 * an {@code asOf} earlier than the windows of the user's task can still be answered completely is refused
 * (400) rather than answered with windows whose old buckets have expired.
 */
public final class StoreBackedUserStateReader implements UserStateReader {

  private final KafkaStreams streams;
  private final Optional<WindowHorizon> horizon;

  /** Without a check of {@code asOf} against the stores' retention. */
  public StoreBackedUserStateReader(KafkaStreams streams) {
    this(streams, Optional.empty());
  }

  /** Refusing an {@code asOf} before {@code horizon}'s earliest complete one for the user's task. */
  public StoreBackedUserStateReader(KafkaStreams streams, WindowHorizon horizon) {
    this(streams, Optional.of(horizon));
  }

  private StoreBackedUserStateReader(KafkaStreams streams, Optional<WindowHorizon> horizon) {
    this.streams = streams;
    this.horizon = horizon;
  }

  @Override
  public Optional<Map<String, Object>> read(String userId, Instant asOf) {
    try {
      int partition = ActiveStores.partitionOf(streams, userId);
      if (horizon.isPresent()) {
        checkWithinRetention(asOf, horizon.get(), partition);
      }
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

  private void checkWithinRetention(Instant asOf, WindowHorizon horizon, int partition) {
    Long watermark = ActiveStores.store(streams, StoreNames.EVENT_TIME_WATERMARK,
        QueryableStoreTypes.<String, Long>keyValueStore(), partition).get(StoreNames.EVENT_TIME_WATERMARK_KEY);
    if (watermark == null) {
      return; // no event yet in the task: nothing has expired
    }
    Instant earliest = horizon.earliestCompleteAsOf(watermark);
    if (asOf.isBefore(earliest)) {
      throw ApiException.badRequest("asOf " + asOf + " is before " + earliest + ", the earliest time whose windows"
          + " the state still holds in full (the window stores keep their longest window plus state.grace.ms behind"
          + " the newest event, which may run validation.max.future.ms ahead)");
    }
  }
}
