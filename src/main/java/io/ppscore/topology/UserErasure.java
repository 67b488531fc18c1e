package io.ppscore.topology;

import io.ppscore.state.avro.UserEvent;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.ppscore.events.Topics;
import io.ppscore.state.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The erasure branch of the topology: {@code source-<erasure topic>} feeds {@code user-erasure}, which is
 * connected to every per-user store present and so runs in the same sub-topology and task as the user's
 * state (the erasure topic must be partitioned like the inputs). A request that did not arrive on the partition
 * the default partitioner gives its key (a producer with another partitioner) is in a task without the user's
 * state: it first goes through {@code <application.id>-user-erasure-rekey-repartition} to the task that has it.
 * With scoring, its tombstones go to the scores topic through {@code erasure-scores-out}.
 */
final class UserErasure {

  static final String PROCESSOR = "user-erasure";
  /** The stores a node deciding on erased users' in-flight events reads ({@link ErasedUsers}). */
  static final String[] GUARD_STORES = {StoreNames.USER_ERASURES, StoreNames.EVENT_TIME_WATERMARK};

  private UserErasure() {
  }

  /**
   * The store of recent erasures ({@link ErasureGuardProcessor}): changelogged, so a restore keeps them, with
   * daily segments, a day's tombstone retention, a one-day maximum compaction lag and a low dirty ratio, so
   * that compaction drops a forgotten erasure's id from the changelog within days of the segment holding it
   * rolling (Kafka never compacts the active segment, and a segment rolls only when a record is appended to
   * it). Applies when Streams creates the changelog topic; an existing one keeps its configuration. The
   * changelog is compacted only (the key-value default), never deleted by time, and {@code delete.retention.ms}
   * bounds the tombstones of forgotten erasures alone: only the guard's purge removes an entry.
   */
  static StoreBuilder<KeyValueStore<String, Long>> erasuresStore() {
    String day = Long.toString(Duration.ofDays(1).toMillis());
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_ERASURES), Serdes.String(),
        Serdes.Long()).withCachingEnabled().withLoggingEnabled(Map.of("segment.ms", day, "delete.retention.ms", day,
            "max.compaction.lag.ms", day, "min.cleanable.dirty.ratio", "0.1"));
  }

  /**
   * {@code events} without the events of recently erased users produced or stamped before their erasure;
   * the guard reads the event-time watermark to know when an erasure can be forgotten.
   */
  static KStream<String, UserEvent> guard(KStream<String, UserEvent> events, TopologySettings settings) {
    return events.processValues(() -> new ErasureGuardProcessor(settings.erasureSuppression(), onTimeHorizon(settings)),
        Named.as(ErasureGuardProcessor.NAME), GUARD_STORES);
  }

  /** The erasure guard's decision with {@code settings}, for a node connected to {@link #GUARD_STORES}. */
  static ErasedUsers erasedUsers(TopologySettings settings) {
    return new ErasedUsers(settings.erasureSuppression(), onTimeHorizon(settings));
  }

  /** Grace plus how far ahead validation accepts an event: see {@link ErasureGuardProcessor}. */
  private static Duration onTimeHorizon(TopologySettings settings) {
    return settings.grace().plus(settings.limits().maxFuture());
  }

  static void add(StreamsBuilder builder, Topics topics, TopologySettings settings, Collection<String> presentStores,
      boolean tombstoneScores) {
    List<PerUserStores.Entry> stores = PerUserStores.among(presentStores);
    String topic = topics.userErasure().name();
    KStream<String, byte[]> requests = routedToUserTask(builder.stream(topic,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withTimestampExtractor(new InputTimestamps())
            .withName("source-" + topic)), settings.inputPartitions());
    Map<String, Duration> retentions = UserStateStores.windowRetentions(settings);
    List<String> connected = new ArrayList<>(stores.stream().map(PerUserStores.Entry::name).toList());
    connected.add(StoreNames.EVENT_TIME_WATERMARK); // read only: bounds the window searches
    connected.add(StoreNames.USER_ERASURES);
    var tombstones = requests.process(() -> new UserErasureProcessor(stores, retentions,
            topics.userErasure().valueSerde().deserializer(), settings.limits().maxIdLength(), tombstoneScores,
            settings.erasureSuppression()),
        Named.as(PROCESSOR), connected.toArray(String[]::new));
    if (tombstoneScores) {
      tombstones.to(topics.scores().name(), topics.scores().produced().withName("erasure-scores-out"));
    }
  }

  /** {@code requests}, those on another partition than their key's default one moved to that partition's task. */
  private static KStream<String, byte[]> routedToUserTask(KStream<String, byte[]> requests, int partitions) {
    Map<String, KStream<String, Placed>> routes = requests
        .processValues(() -> new PlacementCheck(partitions), Named.as("erasure-placement"))
        .split(Named.as("erasure-route-"))
        .branch((userId, request) -> request.onUserPartition() || userId == null, Branched.as("direct"))
        .defaultBranch(Branched.as("misplaced"));
    KStream<String, byte[]> moved = routes.get("erasure-route-misplaced")
        .mapValues(Placed::value, Named.as("unwrap-erasure-misplaced"))
        .repartition(Repartitioned.<String, byte[]>as("user-erasure-rekey")
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
    return routes.get("erasure-route-direct").mapValues(Placed::value, Named.as("unwrap-erasure-direct"))
        .merge(moved, Named.as("merge-erasure-rekeyed"));
  }

  /** An erasure request's value, and whether it arrived on its key's default partition. */
  private record Placed(byte[] value, boolean onUserPartition) {
  }

  private static final class PlacementCheck implements FixedKeyProcessor<String, byte[], Placed> {
    private final int partitions;
    private FixedKeyProcessorContext<String, Placed> context;

    PlacementCheck(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Placed> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
      int partition = context.recordMetadata().orElseThrow().partition();
      // the erasure's writes (changelog tombstones, user-erasures, a rekeyed copy) carry this timestamp: a request
      // stamped ahead by a skewed producer must not stamp them in the future
      long timestamp = InputTimestamps.notAfter(record.timestamp(), context.currentSystemTimeMs());
      context.forward(record.withValue(new Placed(record.value(),
          UserPartitions.isOwnPartition(record.key(), partition, partitions))).withTimestamp(timestamp));
    }
  }
}
