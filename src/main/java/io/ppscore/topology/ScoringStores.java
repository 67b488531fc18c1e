package io.ppscore.topology;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.UserTextProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builders of the persistent (RocksDB), changelogged key-value stores of scoring: the per-user ones ({@link #all},
 * keyed by user id, without record caching unless {@code recordCache}, like the other per-user stores, why in
 * {@link UserStateStores}) and the refresh sweep's cursor ({@link #refreshCursor}, one entry per task).
 */
final class ScoringStores {

  private ScoringStores() {
  }

  static List<StoreBuilder<?>> all(Serde<UserTextProfile> textProfileSerde, Serde<ScoringDirtyUser> dirtyUserSerde,
      Serde<UserScore> scoreSerde, boolean recordCache) {
    return List.of(
        PerUserStores.cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_TEXT_PROFILE),
            Serdes.String(), textProfileSerde), recordCache),
        PerUserStores.cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SCORING_DIRTY_USERS),
            Serdes.String(), dirtyUserSerde), recordCache),
        PerUserStores.cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_LATEST_SCORE),
            Serdes.String(), scoreSerde), recordCache));
  }

  /**
   * The refresh sweep's position ({@link StaleScoreSweep}): one key per task, its value the last
   * {@code user-latest-score} key a sweep looked at, written by the sweep in the same exactly-once transaction
   * as its refresh entries. Changelogged, so a restart, a move to another instance or an aborted transaction
   * resumes where the last committed sweep stopped. The changelog gets daily segments and a one-day maximum
   * compaction lag (when Streams creates it): the key is rewritten every sweep, and the user ids of earlier
   * positions leave the changelog within about two days rather than lingering in a week-long active segment.
   * No record cache: one write per sweep.
   */
  static StoreBuilder<KeyValueStore<String, String>> refreshCursor() {
    String day = Long.toString(Duration.ofDays(1).toMillis());
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SCORING_REFRESH_CURSOR),
            Serdes.String(), Serdes.String())
        .withLoggingEnabled(Map.of("segment.ms", day, "max.compaction.lag.ms", day));
  }

  /** The per-user stores of {@link #all}: what an erasure clears (the cursor is not among them). */
  static String[] names() {
    return new String[] {StoreNames.USER_TEXT_PROFILE, StoreNames.SCORING_DIRTY_USERS, StoreNames.USER_LATEST_SCORE};
  }
}
