package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Reads a user's {@link UserState} from the profile store and the bucket stores. Works on the stores a
 * processor holds and on the read-only views interactive queries get, so the topology and the HTTP API
 * sum windows with the same code.
 */
public final class UserStateStoreReader {

  private final ReadOnlyKeyValueStore<String, UserProfile> profiles;
  private final Map<Granularity, ReadOnlyWindowStore<String, ActivityBucket>> buckets;

  public UserStateStoreReader(ReadOnlyKeyValueStore<String, UserProfile> profiles,
      Map<Granularity, ? extends ReadOnlyWindowStore<String, ActivityBucket>> buckets) {
    this.profiles = profiles;
    this.buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      ReadOnlyWindowStore<String, ActivityBucket> store = buckets.get(g);
      if (store == null) {
        throw new IllegalArgumentException("missing bucket store for " + g);
      }
      this.buckets.put(g, store);
    }
  }

  /** The user's state at {@code asOf}, or empty if the user was never seen. */
  public Optional<UserState> read(String userId, Instant asOf) {
    UserProfile profile = profiles.get(userId);
    if (profile == null) {
      return Optional.empty();
    }
    Map<Window, ActivityBucket> windows = new EnumMap<>(Window.class);
    for (Window window : Window.values()) {
      windows.put(window, window == Window.LIFETIME ? profile.getLifetime() : sum(userId, window, asOf));
    }
    return Optional.of(new UserState(profile, asOf, windows));
  }

  private ActivityBucket sum(String userId, Window window, Instant asOf) {
    ActivityBucket total = null;
    ReadOnlyWindowStore<String, ActivityBucket> store = buckets.get(window.granularity());
    try (WindowStoreIterator<ActivityBucket> it = store.fetch(userId, window.firstBucket(asOf), window.lastBucket(asOf))) {
      while (it.hasNext()) {
        ActivityBucket bucket = it.next().value;
        total = total == null ? bucket : Buckets.merge(total, bucket);
      }
    }
    return total == null ? Buckets.empty(asOf) : total;
  }
}
