package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a user's {@link UserState} from the profile and bucket stores. The topology, the HTTP API and the
 * training backfill all sum windows with this code.
 *
 * <p>One range read per bucket store: the span covering every window of that granularity (for days, the
 * 366 days the year and last-year windows need), then each window sums its part of it in memory, oldest
 * bucket first, as a read per window would. A read per window cost eight store iterators per user (one
 * each over the minute and hour stores, six overlapping ones over the day store); the risk rules read a
 * user per event and the scoring run per run.
 */
public final class UserStateStoreReader {

  private static final Set<Window> ALL_WINDOWS = Collections.unmodifiableSet(EnumSet.allOf(Window.class));

  private final UserStores stores;

  public UserStateStoreReader(UserStores stores) {
    this.stores = stores;
  }

  /** The user's state at {@code asOf}, or empty if the user was never seen. */
  public Optional<UserState> read(String userId, Instant asOf) {
    return readWithBuckets(userId, asOf).map(StateRead::state);
  }

  /** As {@link #read}, with the buckets it fetched, for callers that sum more spans of them. */
  public Optional<StateRead> readWithBuckets(String userId, Instant asOf) {
    return readWithBuckets(userId, asOf, ALL_WINDOWS);
  }

  /**
   * As {@link #readWithBuckets(String, Instant)}, reading only {@code windows} (and the buckets their
   * spans cover): the state's other windows are absent ({@link UserState#stats} throws for them).
   */
  public Optional<StateRead> readWithBuckets(String userId, Instant asOf, Set<Window> windows) {
    UserProfile profile = stores.profiles().get(userId);
    if (profile == null) {
      return Optional.empty();
    }
    Map<Granularity, Fetched> fetched = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      long from = Long.MAX_VALUE;
      long to = Long.MIN_VALUE;
      for (Window window : windows) {
        if (window.granularity() == g) {
          from = Math.min(from, window.firstBucket(asOf).toEpochMilli());
          to = Math.max(to, window.lastBucket(asOf).toEpochMilli());
        }
      }
      if (from <= to) {
        fetched.put(g, new Fetched(from, to, stores.bucket(g).range(userId, from, to)));
      }
    }
    return Optional.of(new StateRead(profile, asOf, windows, fetched));
  }

  /** The buckets one range read returned, and the span it covered. */
  private record Fetched(long from, long to, NavigableMap<Long, ActivityBucket> buckets) {
  }

  /** A user's state and the buckets read to build it. */
  public static final class StateRead {
    private final UserState state;
    private final Instant asOf;
    private final Map<Granularity, Fetched> fetched;

    /** Sums each of {@code windows} from {@code fetched} (the lifetime from the profile). */
    private StateRead(UserProfile profile, Instant asOf, Set<Window> windows, Map<Granularity, Fetched> fetched) {
      this.asOf = asOf;
      this.fetched = fetched;
      Map<Window, ActivityBucket> sums = new EnumMap<>(Window.class);
      for (Window window : windows) {
        sums.put(window, window == Window.LIFETIME ? profile.getLifetime()
            : sum(window.granularity(), window.firstBucket(asOf), window.lastBucket(asOf)));
      }
      this.state = new UserState(profile, asOf, sums);
    }

    public UserState state() {
      return state;
    }

    /**
     * The user's {@code granularity} buckets starting in {@code [firstBucket, lastBucket]}, oldest first.
     *
     * @throws IllegalArgumentException if the span is not inside what the read fetched
     */
    public Collection<ActivityBucket> buckets(Granularity granularity, Instant firstBucket, Instant lastBucket) {
      Fetched f = fetched.get(granularity);
      long from = firstBucket.toEpochMilli();
      long to = lastBucket.toEpochMilli();
      if (f == null || from < f.from() || to > f.to()) {
        throw new IllegalArgumentException(granularity + " buckets " + firstBucket + " to " + lastBucket
            + " were not read (the read covers the windows at " + asOf + ")");
      }
      return f.buckets().subMap(from, true, to, true).values();
    }

    private ActivityBucket sum(Granularity granularity, Instant firstBucket, Instant lastBucket) {
      ActivityBucket total = null;
      for (ActivityBucket bucket : buckets(granularity, firstBucket, lastBucket)) {
        total = total == null ? bucket : Buckets.merge(total, bucket);
      }
      return total == null ? Buckets.empty(asOf) : total;
    }
  }
}
