package io.ppscore.topology;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.UserTextProfile;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builders of the persistent (RocksDB), changelogged key-value stores of scoring, all keyed by user id;
 * without record caching unless {@code recordCache}, like the other per-user stores (why: {@link UserStateStores}).
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

  static String[] names() {
    return new String[] {StoreNames.USER_TEXT_PROFILE, StoreNames.SCORING_DIRTY_USERS, StoreNames.USER_LATEST_SCORE};
  }
}
