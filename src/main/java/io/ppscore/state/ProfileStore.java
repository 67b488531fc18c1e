package io.ppscore.state;

import io.ppscore.state.avro.UserProfile;

/** The user-keyed lifetime profiles, as the state code needs them (see {@link BucketStore}). */
public interface ProfileStore {

  /** The user's profile, or null if the user was never seen. */
  UserProfile get(String userId);

  /** Stores the user's profile. */
  void put(String userId, UserProfile profile);
}
