package io.ppscore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.ppscore.app.PipelineStats;
import io.ppscore.app.PpscoreApp;
import io.ppscore.app.ReplayTargets;
import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.HttpSchemaRegistryClient;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.features.FeatureVector;
import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EncoderModel;
import io.ppscore.model.Prediction;
import io.ppscore.model.ScoringModel;
import io.ppscore.output.avro.UserScore;
import io.ppscore.replay.KafkaReplayTarget;
import io.ppscore.replay.OnlineRetailReader;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.Samples;
import io.ppscore.training.EmbeddingLookup;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SnapshotRow;
import io.ppscore.training.TrainingPipeline;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance test: the real order history of a few customers of the bundled sample, moved to end
 * five minutes ago, is replayed through a real broker into an instance with the committed model; a plain
 * read-committed consumer decodes each customer's latest Avro score (Confluent wire format), and
 * {@code score-batch}'s code path (point-in-time backfill, {@link FeatureVector#assemble}, the same
 * model) on the same history with the score's {@code computed_at} as cut-off gives the same prediction.
 *
 * <p>Tolerance: the streaming side embeds texts in small batches, the batch side in batches of 64, and
 * sums text profiles in another order; both change the float text features in the last bits, so spend is
 * compared to 1e-3 relative and the score to 0.05 points (measured: equal to the 4 decimals on the wire).
 * Window boundaries agree exactly: both read the same aggregation code as of the same instant, and every
 * event is before it. The streaming side keeps at most {@code scoring.max.batch.texts} (1,024) distinct pending
 * texts, and 256 KiB of them, per user between two scoring runs and drops (and counts) the rest, which would
 * make text features differ by design; no customer of the sample comes near (at most 435 distinct texts in a
 * whole history, about 18 KB), so the first 8 are taken, among them customers whose largest order has more
 * than 64 distinct titles (72 and 77), which the earlier bound of 64 pending texts cut short.
 */
class StreamedMatchesBatchIT {

  /** The default {@code scoring.max.batch.texts}: the most distinct pending texts {@code DirtyUsers} keeps. */
  private static final class DirtyUsersBound {
    static final int MAX = 1024;
  }

  private static final int CUSTOMERS = 8;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @TempDir
  static Path stateDir;

  private static EmbeddedKafka kafka;
  private static EmbeddedSchemaRegistry registry;
  private static PpscoreApp app;
  private static List<ReplayEvent> history;
  private static Map<String, UserScore> streamed;
  private static double droppedTexts;

  @BeforeAll
  static void replayHistory() throws Exception {
    history = historyOf(CUSTOMERS);
    kafka = EmbeddedKafka.start();
    kafka.createTopics(Map.of("clicks", 3, "carts", 3, "orders", 3, "ppscore-dead-letter", 1, "user-erasure", 3));
    kafka.createCompactedTopic("purchasing-power-scores", 3);
    registry = EmbeddedSchemaRegistry.start(0);
    AppConfig config = ItApps.config(kafka, registry, "ppscore-streamed-batch-it", stateDir, ItApps.freePort(),
        Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu"));
    SchemaRegistry client = HttpSchemaRegistryClient.builder(registry.url()).build();
    try (KafkaReplayTarget target = ReplayTargets.kafka(config, client)) {
      history.forEach(target::send);
      target.flush();
    }
    app = ItApps.start(config);
    await("all events in").atMost(TIMEOUT).until(() -> PipelineStats.of(app.streams()).eventsIn() == history.size());
    streamed = latestScores(Topics.from(config, client), lastEventIds());
    droppedTexts = app.streams().metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("dropped-pending-texts-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  @AfterAll
  static void stopAll() {
    ItApps.closeQuietly(app);
    ItApps.closeQuietly(registry);
    ItApps.closeQuietly(kafka);
  }

  @Test
  void shouldScoreEachCustomerAsScoreBatchDoesAtTheSameReferenceTime() throws Exception {
    // the premise: no pending text was dropped (each customer has at most 1,024 distinct texts in all), and
    // an order with more than 64 distinct titles is among them
    assertThat(droppedTexts).isZero();
    assertThat(largestOrderTitles()).isGreaterThan(64);

    // Given the streamed scores, grouped by the instant they were computed at
    Map<Instant, List<UserScore>> byComputedAt = new TreeMap<>();
    streamed.values().forEach(s -> byComputedAt.computeIfAbsent(s.getComputedAt(), t -> new ArrayList<>()).add(s));

    try (ScoringModel model = ScoringModel.load(Path.of("models"))) {
      TrainingPipeline pipeline = new TrainingPipeline(new PrintStream(OutputStream.nullOutputStream()));
      EncoderModel encoder = EncoderModel.forId(model.encoderId());
      EmbeddingLookup embeddings = pipeline.embeddings(history, encoder, DeviceSpec.parse("cpu"),
          model.manifest().maxSequenceLength());
      for (Map.Entry<Instant, List<UserScore>> run : byComputedAt.entrySet()) {
        // When score-batch's code path scores the same history with the score's computed_at as cut-off
        Snapshot snapshot = pipeline.backfill(history, List.of(run.getKey()), embeddings,
            TrainingPipeline.textDimension(encoder)).get(0);
        Map<String, SnapshotRow> rows = new HashMap<>();
        snapshot.rows().forEach(r -> rows.put(r.userId(), r));
        for (UserScore score : run.getValue()) {
          SnapshotRow row = rows.get(score.getUserId());
          assertThat(row).as("batch row of %s", score.getUserId()).isNotNull();
          Prediction batch = model.predict(new float[][] {FeatureVector.assemble(model.featureSpec(), row.numeric(),
              row.boughtText(), row.browsedText())}).get(0);

          // Then the streamed score equals it
          double spend90 = score.getPredictedSpend90d().doubleValue();
          assertThat(spend90).as("90-day spend of %s", score.getUserId())
              .isCloseTo(batch.spend90(), within(1e-3 * Math.max(1, batch.spend90())));
          assertThat(score.getPredictedSpend30d().doubleValue()).as("30-day spend of %s", score.getUserId())
              .isCloseTo(batch.spend30(), within(1e-3 * Math.max(1, batch.spend30())));
          assertThat(score.getPPurchase90d()).isCloseTo(batch.purchaseProbability90(), within(1e-4));
          assertThat(score.getScore()).as("score of %s", score.getUserId()).isCloseTo(batch.score(), within(0.05));
        }
      }
    }
    assertThat(streamed).hasSize(CUSTOMERS);
  }

  /**
   * All events of the sample's first {@code n} customers with at most {@link DirtyUsersBound#MAX} distinct
   * texts in their whole history, moved so the last is five minutes ago. Customers with more can have texts
   * dropped by the streaming bound on pending texts (counted in {@code dropped-pending-texts-total}), and
   * then their text features, by design, differ from the batch backfill's.
   */
  private static List<ReplayEvent> historyOf(int n) {
    TrainingPipeline pipeline = new TrainingPipeline(new PrintStream(OutputStream.nullOutputStream()));
    List<ReplayEvent> all = pipeline.load(new OnlineRetailReader(), Samples.onlineRetail());
    Map<String, Set<String>> texts = new HashMap<>();
    all.forEach(e -> texts.computeIfAbsent(e.userId(), u -> new java.util.HashSet<>())
        .addAll(io.ppscore.features.EventTexts.of(e.value()).stream().map(t -> t.bought() + t.text()).toList()));
    Set<String> customers = new LinkedHashSet<>();
    all.forEach(e -> {
      if (customers.size() < n && texts.get(e.userId()).size() <= DirtyUsersBound.MAX) {
        customers.add(e.userId());
      }
    });
    List<ReplayEvent> chosen = all.stream().filter(e -> customers.contains(e.userId()))
        .sorted(java.util.Comparator.comparingLong(ReplayEvent::timestampMs)).toList();
    long shift = Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli() - chosen.get(chosen.size() - 1).timestampMs();
    return chosen.stream().map(e -> e.shiftedBy(shift)).toList();
  }

  /** The most distinct purchased titles of one order of the replayed history. */
  private static long largestOrderTitles() {
    return history.stream().mapToLong(e -> io.ppscore.features.EventTexts.of(e.value()).stream()
        .filter(io.ppscore.features.EventTexts.EventText::bought).map(t -> t.text()).distinct().count()).max().orElse(0);
  }

  private static Map<String, String> lastEventIds() {
    Map<String, String> last = new HashMap<>();
    history.forEach(e -> last.put(e.userId(), io.ppscore.events.InputEvents.eventId(e.value())));
    return last;
  }

  /** Each customer's latest committed score, once it is the one triggered by their last event. */
  private static Map<String, UserScore> latestScores(Topics topics, Map<String, String> lastEventIds) {
    Map<String, UserScore> latest = new TreeMap<>();
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor("purchasing-power-scores")
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      await("every customer scored after their last event").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
          .until(() -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
              latest.put(r.key(), topics.scores().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
            return lastEventIds.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                && latest.get(e.getKey()).getTriggeringEventId().equals(e.getValue()));
          });
    }
    return latest;
  }
}
