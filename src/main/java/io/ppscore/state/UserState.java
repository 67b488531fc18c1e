package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user's state at a reference time: the lifetime profile and one summed bucket per {@link Window}.
 * Built by {@link UserStateStoreReader}; the input of the HTTP view and of the feature vector.
 */
public record UserState(UserProfile profile, Instant asOf, Map<Window, ActivityBucket> windows) {

  public UserState {
    Objects.requireNonNull(profile, "profile must not be null");
    Objects.requireNonNull(asOf, "asOf must not be null");
    windows = Map.copyOf(new EnumMap<>(windows));
  }

  public String userId() {
    return profile.getUserId();
  }

  /**
   * The summed activity of {@code window}.
   *
   * @throws IllegalStateException if this state was read without that window (see {@link UserStateStoreReader})
   */
  public WindowStats stats(Window window) {
    ActivityBucket bucket = windows.get(window);
    if (bucket == null) {
      throw new IllegalStateException("window " + window.label() + " was not read for this state (read: "
          + windows.keySet() + ")");
    }
    return new WindowStats(bucket);
  }
}
