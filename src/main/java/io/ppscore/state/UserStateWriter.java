package io.ppscore.state;

import io.ppscore.events.InputEvents;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Applies one accepted event to a user's stores: its minute, hour and day buckets and the lifetime
 * profile. Used by the streaming processor and by the training backfill, so both aggregate alike.
 */
public final class UserStateWriter {

  private final KeyValueStore<String, UserProfile> profiles;
  private final Map<Granularity, WindowStore<String, ActivityBucket>> buckets;
  private final String defaultCurrency;

  public UserStateWriter(KeyValueStore<String, UserProfile> profiles,
      Map<Granularity, WindowStore<String, ActivityBucket>> buckets, String defaultCurrency) {
    this.profiles = profiles;
    this.buckets = new EnumMap<>(buckets);
    this.defaultCurrency = defaultCurrency;
    for (Granularity g : Granularity.values()) {
      if (!this.buckets.containsKey(g)) {
        throw new IllegalArgumentException("missing bucket store for " + g);
      }
    }
  }

  /** Adds {@code event} to the user's buckets and profile. */
  public void apply(String userId, SpecificRecord event) {
    Instant at = InputEvents.eventTime(event);
    long t = at.toEpochMilli();
    for (Map.Entry<Granularity, WindowStore<String, ActivityBucket>> e : buckets.entrySet()) {
      long start = e.getKey().bucketStart(t);
      ActivityBucket bucket = e.getValue().fetch(userId, start);
      e.getValue().put(userId, Buckets.add(bucket == null ? Buckets.empty(at) : bucket, event), start);
    }
    UserProfile profile = profiles.get(userId);
    if (profile == null) {
      profile = UserProfile.newBuilder().setUserId(userId).setLifetime(Buckets.empty(at))
          .setLastEventId("").setLastEventTime(at).build();
    }
    Buckets.add(profile.getLifetime(), event);
    if (profile.getCurrency() == null) {
      String currency = InputEvents.currency(event);
      profile.setCurrency(currency == null ? defaultCurrency : currency);
    }
    profile.setLastEventId(InputEvents.eventId(event));
    profile.setLastEventTime(at);
    profiles.put(userId, profile);
  }

  /** Counts an event of this user that was not aggregated; only for users already known. */
  public void countRejected(String userId, boolean late) {
    UserProfile profile = profiles.get(userId);
    if (profile == null) {
      return;
    }
    if (late) {
      profile.setLateEvents(profile.getLateEvents() + 1);
    } else {
      profile.setDuplicateEvents(profile.getDuplicateEvents() + 1);
    }
    profiles.put(userId, profile);
  }
}
