package io.ppscore.topology;

import io.ppscore.config.AppConfig;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.inference.TextEncoder;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Granularity;
import io.ppscore.state.KafkaStores;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserState;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.avro.ActivityBucket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/** A TopologyTestDriver around the real topology, a real in-memory registry and an explicit wall clock. */
final class TopologyHarness implements AutoCloseable {

  final AppConfig config;
  final InMemorySchemaRegistry registry;
  final Topics topics;
  /** The topology's meters; a mock clock that never advances, so inference takes no time. */
  final io.ppscore.metrics.AppMetrics metrics = io.ppscore.metrics.AppMetrics.inMemory(new io.micrometer.core.instrument.MockClock());
  final TopologyTestDriver driver;
  private final java.nio.file.Path stateDir;
  private final Map<String, ?> overrides;
  private final Optional<UserScorer> scorer;
  private final TextEncoder encoder;
  private final io.ppscore.inference.EmbeddingPrefetch prefetch;
  private final boolean risk;
  private boolean restarted;
  final TestInputTopic<String, ClickEvent> clicks;
  final TestInputTopic<String, CartEvent> carts;
  final TestInputTopic<String, OrderEvent> orders;
  final TestOutputTopic<byte[], byte[]> deadLetters;
  final TestOutputTopic<String, UserScore> scores;
  /** The app's closing switch of the scoring runs. */
  final ScoringGate gate = new ScoringGate();

  TopologyHarness(Instant wallClock) {
    this(wallClock, Map.of());
  }

  TopologyHarness(Instant wallClock, Map<String, ?> overrides) {
    this(wallClock, overrides, Optional.empty(), null);
  }

  /** With a scorer: scoring nodes and stores are added, and {@link #scores} reads the scores topic. */
  TopologyHarness(Instant wallClock, Map<String, ?> overrides, Optional<UserScorer> scorer, TextEncoder encoder) {
    this(wallClock, overrides, scorer, encoder, false);
  }

  /** As above; with {@code risk}, the risk rules' nodes and store are added too (default risk settings). */
  TopologyHarness(Instant wallClock, Map<String, ?> overrides, Optional<UserScorer> scorer, TextEncoder encoder,
      boolean risk) {
    this(wallClock, overrides, scorer, encoder, io.ppscore.inference.EmbeddingPrefetch.NONE, risk);
  }

  /** As above, with the embedding prefetch user-activity hands new pending texts to. */
  TopologyHarness(Instant wallClock, Map<String, ?> overrides, Optional<UserScorer> scorer, TextEncoder encoder,
      io.ppscore.inference.EmbeddingPrefetch prefetch, boolean risk) {
    this(wallClock, overrides, scorer, encoder, prefetch, risk, new InMemorySchemaRegistry(), newStateDir());
  }

  private TopologyHarness(Instant wallClock, Map<String, ?> overrides, Optional<UserScorer> scorer, TextEncoder encoder,
      io.ppscore.inference.EmbeddingPrefetch prefetch, boolean risk, InMemorySchemaRegistry registry,
      java.nio.file.Path stateDir) {
    this.overrides = overrides;
    this.scorer = scorer;
    this.encoder = encoder;
    this.prefetch = prefetch;
    this.risk = risk;
    this.registry = registry;
    this.stateDir = stateDir;
    try {
      Map<String, Object> settings = new HashMap<>(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test"));
      settings.putAll(overrides);
      config = new AppConfig(settings);
      topics = Topics.from(config, registry);
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ppscore-test");
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
      props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingExceptionHandler.class.getName());
      props.put(DeadLetterProcessingExceptionHandler.DEAD_LETTER_TOPIC_CONFIG, config.deadLetterTopic());
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
      Optional<io.ppscore.risk.RiskEngine> engine = risk
          ? Optional.of(new io.ppscore.risk.RiskEngine(io.ppscore.risk.RiskSettings.from(config), "test"))
          : Optional.empty();
      driver = new TopologyTestDriver(
          PurchasingPowerTopology.build(builder, topics, TopologySettings.from(config), scorer, encoder, prefetch, engine,
              metrics, gate),
          props, wallClock);
      clicks = driver.createInputTopic(config.clicksTopic(), new StringSerializer(), topics.clicks().valueSerde().serializer());
      carts = driver.createInputTopic(config.cartsTopic(), new StringSerializer(), topics.carts().valueSerde().serializer());
      orders = driver.createInputTopic(config.ordersTopic(), new StringSerializer(), topics.orders().valueSerde().serializer());
      deadLetters = driver.createOutputTopic(config.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
      scores = driver.createOutputTopic(config.scoresTopic(), new StringDeserializer(), topics.scores().valueSerde().deserializer());
    } catch (RuntimeException | Error e) {
      deleteQuietly(stateDir); // a harness that never was cannot be closed: its directory would stay in /tmp
      throw e;
    }
  }

  private static java.nio.file.Path newStateDir() {
    try {
      return Files.createTempDirectory("ppscore-ttd");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * A restart that keeps the local state, as an instance restarts on its state directory: the task's stores are
   * closed, as a clean shutdown closes them (closing is what writes RocksDB's memtables to its files: the stores
   * write no WAL), and a new driver of the same topology, settings and registry is built on the same state
   * directory with its wall clock at {@code wallClock}. The stores keep their contents; the processors are
   * initialised again, so whatever they kept in memory is gone. This harness is done with: its driver is dropped,
   * not closed ({@link TopologyTestDriver#close} would fail on the closed stores, then delete the task
   * directories), and the new harness owns the state directory.
   */
  TopologyHarness restartKeepingState(Instant wallClock) {
    return restartKeepingState(wallClock, Map.of());
  }

  /** As {@link #restartKeepingState(Instant)}, with {@code changed} settings on top of this harness's overrides. */
  TopologyHarness restartKeepingState(Instant wallClock, Map<String, ?> changed) {
    Map<String, Object> settings = new HashMap<>(overrides);
    settings.putAll(changed);
    driver.getAllStateStores().values().forEach(org.apache.kafka.streams.processor.StateStore::close);
    TopologyHarness next = new TopologyHarness(wallClock, settings, scorer, encoder, prefetch, risk, registry, stateDir);
    restarted = true; // only now: if the new harness failed, this one still owns (and deletes) the directory
    return next;
  }

  /** Records the topology wrote to the changelog of {@code store}. */
  TestOutputTopic<byte[], byte[]> changelog(String store) {
    return driver.createOutputTopic("ppscore-test-" + store + "-changelog", new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A raw-bytes input to {@code topic}, for records the serializer would never write. */
  TestInputTopic<byte[], byte[]> raw(String topic) {
    return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
  }

  Optional<UserState> state(String userId, Instant asOf) {
    Map<Granularity, ReadOnlyWindowStore<String, ActivityBucket>> buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      buckets.put(g, driver.<String, ActivityBucket>getWindowStore(g.storeName()));
    }
    return new UserStateStoreReader(KafkaStores.readOnly(driver.getKeyValueStore(StoreNames.USER_PROFILE), buckets))
        .read(userId, asOf);
  }

  @Override
  public void close() {
    if (restarted) {
      return; // the state directory is the restarted harness's
    }
    try {
      driver.close();
    } finally {
      deleteQuietly(stateDir);
    }
  }

  /** Deletes a state directory (the driver leaves it, empty, in /tmp otherwise); a failure is not the test's. */
  static void deleteQuietly(java.nio.file.Path dir) {
    try {
      io.ppscore.files.FileOps.deleteTree(dir);
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
