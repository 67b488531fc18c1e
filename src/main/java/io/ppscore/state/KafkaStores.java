package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** {@link UserStores} over Kafka Streams state stores: a processor's (writable) or interactive queries' (read-only). */
public final class KafkaStores {

  private KafkaStores() {
  }

  /** The stores a processor owns. */
  public static UserStores writable(KeyValueStore<String, UserProfile> profiles,
      Map<Granularity, WindowStore<String, ActivityBucket>> buckets) {
    Map<Granularity, BucketStore> adapted = new EnumMap<>(Granularity.class);
    buckets.forEach((g, store) -> adapted.put(g, new Windowed(store, store)));
    return new UserStores(new Profiles(profiles, profiles), adapted);
  }

  /** Read-only views, as interactive queries get them; {@code put} throws. */
  public static UserStores readOnly(ReadOnlyKeyValueStore<String, UserProfile> profiles,
      Map<Granularity, ? extends ReadOnlyWindowStore<String, ActivityBucket>> buckets) {
    Map<Granularity, BucketStore> adapted = new EnumMap<>(Granularity.class);
    buckets.forEach((g, store) -> adapted.put(g, new Windowed(store, null)));
    return new UserStores(new Profiles(profiles, null), adapted);
  }

  private record Profiles(ReadOnlyKeyValueStore<String, UserProfile> reads, KeyValueStore<String, UserProfile> writes)
      implements ProfileStore {
    @Override
    public UserProfile get(String userId) {
      return reads.get(userId);
    }

    @Override
    public void put(String userId, UserProfile profile) {
      if (writes == null) {
        throw new UnsupportedOperationException("read-only profile store");
      }
      writes.put(userId, profile);
    }
  }

  private record Windowed(ReadOnlyWindowStore<String, ActivityBucket> reads, WindowStore<String, ActivityBucket> writes)
      implements BucketStore {
    @Override
    public ActivityBucket get(String userId, long bucketStart) {
      return reads.fetch(userId, bucketStart);
    }

    @Override
    public void put(String userId, long bucketStart, ActivityBucket bucket) {
      if (writes == null) {
        throw new UnsupportedOperationException("read-only bucket store");
      }
      writes.put(userId, bucket, bucketStart);
    }

    @Override
    public NavigableMap<Long, ActivityBucket> range(String userId, long fromStart, long toStart) {
      NavigableMap<Long, ActivityBucket> result = new TreeMap<>();
      // A processor's store is fetched by milliseconds: the Instant variant formats a validation message on
      // every call (4 % of the stream thread's time in a bench profile). Interactive queries have only that one.
      try (WindowStoreIterator<ActivityBucket> it = reads instanceof WindowStore<String, ActivityBucket> store
          ? store.fetch(userId, fromStart, toStart)
          : reads.fetch(userId, java.time.Instant.ofEpochMilli(fromStart), java.time.Instant.ofEpochMilli(toStart))) {
        it.forEachRemaining(kv -> result.put(kv.key, kv.value));
      }
      return result;
    }
  }
}
