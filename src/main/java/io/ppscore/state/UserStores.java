package io.ppscore.state;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** A user's profile store and one bucket store per granularity: everything the state code reads and writes. */
public record UserStores(ProfileStore profiles, Map<Granularity, BucketStore> buckets) {

  public UserStores {
    Objects.requireNonNull(profiles, "profiles must not be null");
    EnumMap<Granularity, BucketStore> copy = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      BucketStore store = buckets.get(g);
      if (store == null) {
        throw new IllegalArgumentException("missing bucket store for " + g);
      }
      copy.put(g, store);
    }
    buckets = Map.copyOf(copy);
  }

  public BucketStore bucket(Granularity granularity) {
    return buckets.get(granularity);
  }
}
