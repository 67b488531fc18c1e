package io.ppscore.state;

import io.ppscore.events.InputEvents;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Applies one accepted event to a user's stores: its minute, hour and day buckets and the lifetime
 * profile. Used by the streaming processor and by the training backfill, so both aggregate alike.
 */
public final class UserStateWriter {

  private final ProfileStore profiles;
  private final Map<Granularity, BucketStore> buckets;
  private final String defaultCurrency;

  public UserStateWriter(UserStores stores, String defaultCurrency) {
    this.profiles = stores.profiles();
    this.buckets = stores.buckets();
    this.defaultCurrency = defaultCurrency;
  }

  /**
   * Adds {@code event} to the user's buckets and profile. All new values are computed before any is
   * written, so an event that cannot be added (an overflowing amount) changes nothing.
   */
  public void apply(String userId, SpecificRecord event) {
    Instant at = InputEvents.eventTime(event);
    long t = at.toEpochMilli();
    Map<Granularity, ActivityBucket> updated = new EnumMap<>(Granularity.class);
    for (Map.Entry<Granularity, BucketStore> e : buckets.entrySet()) {
      ActivityBucket bucket = e.getValue().get(userId, e.getKey().bucketStart(t));
      updated.put(e.getKey(), Buckets.add(bucket == null ? Buckets.empty(at) : bucket, event));
    }
    UserProfile profile = profiles.get(userId);
    if (profile == null) {
      profile = UserProfile.newBuilder().setUserId(userId).setLifetime(Buckets.empty(at))
          .setLastEventId("").setLastEventTime(at).build();
    }
    Buckets.add(profile.getLifetime(), event);
    if (profile.getCurrency() == null && carriesMoney(event)) {
      profile.setCurrency(currencyOf(event));
    }
    profile.setLastEventId(InputEvents.eventId(event));
    profile.setLastEventTime(at);
    for (Map.Entry<Granularity, ActivityBucket> e : updated.entrySet()) {
      buckets.get(e.getKey()).put(userId, e.getKey().bucketStart(t), e.getValue());
    }
    profiles.put(userId, profile);
  }

  /**
   * Why {@code event} cannot join the user's state because its amounts are in another currency than the
   * user's earlier ones (sums would mix currencies), or empty if it can.
   */
  public Optional<String> currencyConflict(String userId, SpecificRecord event) {
    if (!carriesMoney(event)) {
      return Optional.empty();
    }
    UserProfile profile = profiles.get(userId);
    String userCurrency = profile == null ? null : profile.getCurrency();
    String eventCurrency = currencyOf(event);
    if (userCurrency == null || userCurrency.equals(eventCurrency)) {
      return Optional.empty();
    }
    return Optional.of("currency " + eventCurrency + " differs from the user's currency " + userCurrency);
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

  /**
   * Whether {@code event}'s amounts join the user's sums, so its currency sets (or must match) the user's: not a
   * click without a price, nor an order that does not count as one ({@link Buckets#countsAsOrder}), which adds
   * no amount (a free promotional order in USD must not make the user's later paid GBP orders conflicts).
   */
  private static boolean carriesMoney(SpecificRecord event) {
    if (event instanceof OrderEvent order) {
      return Buckets.countsAsOrder(order);
    }
    return !(event instanceof ClickEvent click) || click.getPrice() != null;
  }

  private String currencyOf(SpecificRecord event) {
    String currency = InputEvents.currency(event);
    return currency == null ? defaultCurrency : currency;
  }
}
