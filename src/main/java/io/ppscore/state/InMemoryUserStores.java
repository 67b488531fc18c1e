package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Heap-only {@link UserStores} for offline work (the training backfill): no expiry, no changelog, not
 * thread-safe. Values are stored as given, so callers must not mutate what they put or get.
 */
public final class InMemoryUserStores {

  private InMemoryUserStores() {
  }

  /** Empty stores. */
  public static UserStores create() {
    Map<String, UserProfile> profiles = new HashMap<>();
    ProfileStore profileStore = new ProfileStore() {
      @Override
      public UserProfile get(String userId) {
        UserProfile p = profiles.get(userId);
        return p == null ? null : UserProfile.newBuilder(p).build();
      }

      @Override
      public void put(String userId, UserProfile profile) {
        profiles.put(userId, UserProfile.newBuilder(profile).build());
      }
    };
    Map<Granularity, BucketStore> buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      buckets.put(g, new Buckets());
    }
    return new UserStores(profileStore, buckets);
  }

  private static final class Buckets implements BucketStore {
    private final Map<String, NavigableMap<Long, ActivityBucket>> byUser = new HashMap<>();

    @Override
    public ActivityBucket get(String userId, long bucketStart) {
      NavigableMap<Long, ActivityBucket> buckets = byUser.get(userId);
      ActivityBucket b = buckets == null ? null : buckets.get(bucketStart);
      return b == null ? null : ActivityBucket.newBuilder(b).build();
    }

    @Override
    public void put(String userId, long bucketStart, ActivityBucket bucket) {
      byUser.computeIfAbsent(userId, u -> new TreeMap<>()).put(bucketStart, ActivityBucket.newBuilder(bucket).build());
    }

    @Override
    public NavigableMap<Long, ActivityBucket> range(String userId, long fromStart, long toStart) {
      NavigableMap<Long, ActivityBucket> buckets = byUser.get(userId);
      if (buckets == null || fromStart > toStart) {
        return new TreeMap<>();
      }
      return new TreeMap<>(buckets.subMap(fromStart, true, toStart, true));
    }
  }
}
