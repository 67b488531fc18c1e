package io.ppscore.topology;

import io.ppscore.state.Granularity;
import io.ppscore.state.StoreNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The one list of stores that hold data about a user, with how the user is found in each: what an
 * erasure deletes ({@link UserErasureProcessor}). A store added to the topology must be added here, or to
 * {@link #NOT_PER_USER} with the reason; {@code UserErasureTopologyTest} fails for a store in neither.
 */
final class PerUserStores {

  /** How a store is keyed. */
  enum Layout {
    /** Key-value store keyed by the user id. */
    KEY_VALUE,
    /** Window store keyed by the user id: every window of the key is deleted. */
    WINDOW,
    /** Window store keyed by {@code userId + '\u0000' + ...} ({@link UserActivityProcessor#dedupKey}). */
    WINDOW_USER_PREFIX
  }

  record Entry(String name, Layout layout) {
  }

  /**
   * {@code builder} with Kafka Streams' record cache when {@code enabled} ({@code state.record.cache.enabled},
   * off by default: why in {@link UserStateStores}).
   */
  static <S extends StateStore> StoreBuilder<S> cached(StoreBuilder<S> builder, boolean enabled) {
    return enabled ? builder.withCachingEnabled() : builder;
  }

  /**
   * Every per-user store, whether or not the topology at hand has it (scoring stores exist only with a model,
   * the risk store only with the risk rules on).
   */
  static final List<Entry> ALL = all();

  /**
   * Stores an erasure does not clear: the task's event-time watermark (no user data); {@code user-erasures},
   * which holds the erased ids themselves, for at least {@code erasure.suppression.ms} and until the watermark
   * has passed them, so that the user's in-flight events cannot bring them back ({@link ErasureGuardProcessor});
   * and {@code scoring-refresh-cursor}, one key per task whose value is the last user id a refresh sweep looked at,
   * a position in key order and nothing about the user: the next sweep replaces it, and with refresh off it is
   * deleted once ({@link StaleScoreSweep}).
   */
  static final Set<String> NOT_PER_USER = Set.of(StoreNames.EVENT_TIME_WATERMARK, StoreNames.USER_ERASURES,
      StoreNames.SCORING_REFRESH_CURSOR);

  private PerUserStores() {
  }

  private static List<Entry> all() {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(StoreNames.USER_PROFILE, Layout.KEY_VALUE));
    for (Granularity g : Granularity.values()) {
      entries.add(new Entry(g.storeName(), Layout.WINDOW));
    }
    entries.add(new Entry(StoreNames.EVENT_ID_DEDUP, Layout.WINDOW_USER_PREFIX));
    entries.add(new Entry(StoreNames.USER_TEXT_PROFILE, Layout.KEY_VALUE));
    entries.add(new Entry(StoreNames.SCORING_DIRTY_USERS, Layout.KEY_VALUE));
    entries.add(new Entry(StoreNames.USER_LATEST_SCORE, Layout.KEY_VALUE));
    entries.add(new Entry(StoreNames.USER_RISK_STATE, Layout.KEY_VALUE));
    return List.copyOf(entries);
  }

  /** The per-user stores among {@code present} (the stores a topology was built with), in {@link #ALL} order. */
  static List<Entry> among(Collection<String> present) {
    return ALL.stream().filter(e -> present.contains(e.name())).toList();
  }
}
