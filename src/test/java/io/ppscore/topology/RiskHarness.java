package io.ppscore.topology;

import io.ppscore.config.AppConfig;
import io.ppscore.config.AppVersion;
import io.ppscore.events.InMemorySchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.inference.TextEncoder;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.risk.RiskEngine;
import io.ppscore.risk.RiskSettings;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserRiskState;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around the real topology with the risk rules on (and optionally a scorer). */
final class RiskHarness implements AutoCloseable {

  final AppConfig config;
  final Topics topics;
  final TopologyTestDriver driver;
  final TestInputTopic<String, ClickEvent> clicks;
  final TestInputTopic<String, CartEvent> carts;
  final TestInputTopic<String, OrderEvent> orders;
  final TestOutputTopic<String, RiskFlag> flags;
  final TestOutputTopic<String, UserScore> scores;
  private final java.nio.file.Path stateDir;

  RiskHarness(Instant wallClock, Map<String, ?> overrides) {
    this(wallClock, overrides, Optional.empty(), null);
  }

  RiskHarness(Instant wallClock, Map<String, ?> overrides, Optional<UserScorer> scorer, TextEncoder encoder) {
    Map<String, Object> settings = new HashMap<>(Map.of(AppConfig.SCHEMA_REGISTRY_URL_CONFIG, "mem://test"));
    settings.putAll(overrides);
    config = new AppConfig(settings);
    topics = Topics.from(config, new InMemorySchemaRegistry());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ppscore-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    try {
      stateDir = Files.createTempDirectory("ppscore-risk-ttd");
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    try {
      StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(props)));
      RiskEngine engine = new RiskEngine(RiskSettings.from(config), AppVersion.get());
      driver = new TopologyTestDriver(PurchasingPowerTopology.build(builder, topics, TopologySettings.from(config), scorer,
          encoder, Optional.of(engine)), props, wallClock);
    } catch (RuntimeException | Error e) {
      TopologyHarness.deleteQuietly(stateDir); // never closed: its directory would stay in /tmp
      throw e;
    }
    clicks = driver.createInputTopic(config.clicksTopic(), new StringSerializer(), topics.clicks().valueSerde().serializer());
    carts = driver.createInputTopic(config.cartsTopic(), new StringSerializer(), topics.carts().valueSerde().serializer());
    orders = driver.createInputTopic(config.ordersTopic(), new StringSerializer(), topics.orders().valueSerde().serializer());
    flags = driver.createOutputTopic(config.riskFlagsTopic(), new StringDeserializer(), topics.riskFlags().valueSerde().deserializer());
    scores = driver.createOutputTopic(config.scoresTopic(), new StringDeserializer(), topics.scores().valueSerde().deserializer());
  }

  void order(OrderEvent order) {
    orders.pipeInput(order.getUserId(), order, order.getEventTime());
  }

  /** {@code order} on an input record stamped {@code producedAt} (the producer's create time), not its event time. */
  void order(OrderEvent order, Instant producedAt) {
    orders.pipeInput(order.getUserId(), order, producedAt);
  }

  void cart(CartEvent cart) {
    carts.pipeInput(cart.getUserId(), cart, cart.getEventTime());
  }

  void click(ClickEvent click) {
    clicks.pipeInput(click.getUserId(), click, click.getEventTime());
  }

  List<RiskFlag> flags() {
    return flags.readValuesToList();
  }

  UserRiskState riskState(String userId) {
    return driver.<String, UserRiskState>getKeyValueStore(StoreNames.USER_RISK_STATE).get(userId);
  }

  @Override
  public void close() {
    try {
      driver.close();
    } finally {
      TopologyHarness.deleteQuietly(stateDir);
    }
  }
}
