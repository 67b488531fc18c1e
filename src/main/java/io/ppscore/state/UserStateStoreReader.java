package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a user's {@link UserState} from the profile and bucket stores. The topology, the HTTP API and the
 * training backfill all sum windows with this code.
 */
public final class UserStateStoreReader {

  private final UserStores stores;

  public UserStateStoreReader(UserStores stores) {
    this.stores = stores;
  }

  /** The user's state at {@code asOf}, or empty if the user was never seen. */
  public Optional<UserState> read(String userId, Instant asOf) {
    UserProfile profile = stores.profiles().get(userId);
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
    for (ActivityBucket bucket : stores.bucket(window.granularity())
        .range(userId, window.firstBucket(asOf).toEpochMilli(), window.lastBucket(asOf).toEpochMilli())) {
      total = total == null ? bucket : Buckets.merge(total, bucket);
    }
    return total == null ? Buckets.empty(asOf) : total;
  }
}
