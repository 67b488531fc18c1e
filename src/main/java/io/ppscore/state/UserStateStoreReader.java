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
    return read(userId, asOf, windows, false);
  }

  /**
   * The user's state at {@code asOf} with the events stamped after it counted as now: each window that
   * ends at {@code asOf} ({@link Window#trailing}) also holds the buckets after it, up to the user's latest
   * event (the lifetime's {@code last_seen}); its start stays where {@code asOf} puts it. Events may be stamped
   * up to {@code validation.max.future.ms} ahead of the wall clock (a fast client clock) and are bucketed at
   * their own time: read strictly as of the wall clock, an order stamped past UTC midnight would be in no
   * window but the lifetime, and read as of its time, the windows would drop the day's real history at their start.
   */
  public Optional<UserState> readCountingLaterEvents(String userId, Instant asOf) {
    return read(userId, asOf, ALL_WINDOWS, true).map(StateRead::state);
  }

  private Optional<StateRead> read(String userId, Instant asOf, Set<Window> windows, boolean countLaterEvents) {
    UserProfile profile = stores.profiles().get(userId);
    if (profile == null) {
      return Optional.empty();
    }
    Instant latest = countLaterEvents ? profile.getLifetime().getLastSeen() : asOf;
    Map<Window, Span> spans = new EnumMap<>(Window.class);
    for (Window window : windows) {
      if (window != Window.LIFETIME) {
        Instant last = window.lastBucket(asOf);
        if (window.trailing() && latest.isAfter(asOf)) {
          Instant latestBucket = window.granularity().bucketStart(latest);
          last = latestBucket.isAfter(last) ? latestBucket : last;
        }
        spans.put(window, new Span(window.firstBucket(asOf), last));
      }
    }
    Map<Granularity, Fetched> fetched = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      long from = Long.MAX_VALUE;
      long to = Long.MIN_VALUE;
      for (Map.Entry<Window, Span> span : spans.entrySet()) {
        if (span.getKey().granularity() == g) {
          from = Math.min(from, span.getValue().first().toEpochMilli());
          to = Math.max(to, span.getValue().last().toEpochMilli());
        }
      }
      if (from <= to) {
        fetched.put(g, new Fetched(from, to, stores.bucket(g).range(userId, from, to)));
      }
    }
    return Optional.of(new StateRead(profile, asOf, windows, spans, fetched));
  }

  /** The first and last bucket (their starts) one window sums. */
  private record Span(Instant first, Instant last) {
  }

  /** The buckets one range read returned, and the span it covered. */
  private record Fetched(long from, long to, NavigableMap<Long, ActivityBucket> buckets) {
  }

  /** A user's state and the buckets read to build it. */
  public static final class StateRead {
    private final UserState state;
    private final Instant asOf;
    private final Map<Granularity, Fetched> fetched;

    /** Sums each of {@code windows} over its span from {@code fetched} (the lifetime from the profile). */
    private StateRead(UserProfile profile, Instant asOf, Set<Window> windows, Map<Window, Span> spans,
        Map<Granularity, Fetched> fetched) {
      this.asOf = asOf;
      this.fetched = fetched;
      Map<Window, ActivityBucket> sums = new EnumMap<>(Window.class);
      for (Window window : windows) {
        sums.put(window, window == Window.LIFETIME ? profile.getLifetime()
            : sum(window.granularity(), spans.get(window).first(), spans.get(window).last()));
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
