package io.ppscore.topology;

import io.ppscore.state.Granularity;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builders of the persistent (RocksDB), changelogged stores the user-activity processor owns. Bucket
 * stores are window stores: RocksDB segments expire whole buckets past retention for free.
 *
 * <p>Record caching is off by default for the per-user stores (here, in {@link ScoringStores} and
 * {@link RiskNodes}; {@code state.record.cache.enabled} turns it on):
 * under exactly-once with a 100 ms commit interval a user's key is rarely written twice between commits,
 * so the cache saved few changelog records, while it held every write back until the commit (the stream
 * thread then waited for all of them in the commit's flush) and made each window range read merge a copy
 * of the cache's keys. One bench run each ({@code ppscore bench --events 8000 --paced-seconds 0}): the
 * stream thread's CPU 1.20 ms per event with every store cached, 0.99 ms with only the watermark cached;
 * time in the producer's flushes 3.7 s against 1.8 s; 542 against 698 events/s. The watermark (one key
 * per task, written on nearly every event) keeps its cache, as does the rarely written erasure store.
 */
final class UserStateStores {

  /**
   * Topic settings of the window stores' changelogs (compacted and deleted by time, {@code retention.ms} the
   * store's retention plus a day): their records are stamped by the broker when appended. Kafka Streams
   * stamps a changelog record with the event's time (capped at the wall clock), and the broker deletes
   * segments by record timestamps: after a replay of old history without {@code --rebase-to-now} every
   * bucket but the last days of event time was deleted within minutes, and a restore (a new pod, a task
   * moved without a standby) brought back profiles without windows. A window store restores from the window
   * start in each record's key, not from the record's timestamp.
   */
  static final Map<String, String> APPEND_TIME_CHANGELOG = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
      "LogAppendTime");

  private UserStateStores() {
  }

  static List<StoreBuilder<?>> all(TopologySettings settings, Serde<UserProfile> profileSerde,
      Serde<ActivityBucket> bucketSerde) {
    List<StoreBuilder<?>> stores = new ArrayList<>();
    stores.add(PerUserStores.cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_PROFILE),
        Serdes.String(), profileSerde), settings.recordCache()));
    Map<String, Duration> retentions = windowRetentions(settings);
    for (Granularity g : Granularity.values()) {
      stores.add(PerUserStores.cached(Stores.windowStoreBuilder(
          Stores.persistentWindowStore(g.storeName(), retentions.get(g.storeName()), g.size(), false),
          Serdes.String(), bucketSerde).withLoggingEnabled(APPEND_TIME_CHANGELOG), settings.recordCache()));
    }
    stores.add(Stores.windowStoreBuilder(Stores.persistentWindowStore(StoreNames.EVENT_ID_DEDUP,
        retentions.get(StoreNames.EVENT_ID_DEDUP), Duration.ofMillis(1), false), Serdes.String(), Serdes.Long())
        .withLoggingEnabled(APPEND_TIME_CHANGELOG));
    stores.add(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.EVENT_TIME_WATERMARK),
        Serdes.String(), Serdes.Long()).withCachingEnabled());
    return stores;
  }

  /**
   * The retention of each window store, by name (the bucket stores, then the dedup store): the longest
   * window or the dedup horizon, plus {@link TopologySettings#storeSlack()}.
   */
  static Map<String, Duration> windowRetentions(TopologySettings settings) {
    Map<String, Duration> retentions = new LinkedHashMap<>();
    for (Granularity g : Granularity.values()) {
      retentions.put(g.storeName(), g.retention(settings.storeSlack()));
    }
    retentions.put(StoreNames.EVENT_ID_DEDUP, settings.dedupHorizon().plus(settings.storeSlack()));
    return retentions;
  }

  static String[] names() {
    List<String> names = new ArrayList<>(List.of(StoreNames.USER_PROFILE));
    for (Granularity g : Granularity.values()) {
      names.add(g.storeName());
    }
    names.add(StoreNames.EVENT_ID_DEDUP);
    names.add(StoreNames.EVENT_TIME_WATERMARK);
    return names.toArray(String[]::new);
  }
}
