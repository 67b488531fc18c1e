package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.search;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ppscore.inference.CachingTextEncoder;
import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EmbeddingPrefetch;
import io.ppscore.inference.EmbeddingPrefetcher;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.model.ScoringModel;
import io.ppscore.model.UserScorer;
import io.ppscore.state.StoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;

/**
 * The embedding prefetch is a cache warm-up only: the same events give byte-identical scores and text
 * profiles with and without it, whether the scoring run finds every text prefetched or races the worker.
 */
class EmbeddingPrefetchTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);

  @Test
  void shouldWriteByteIdenticalScoresAndProfilesWithAndWithoutPrefetchWithTheCommittedModelAndItsEncoder()
      throws Exception {
    // Given the committed model and its real encoder on CPU (one session, so both runs share its numerics)
    try (ScoringModel model = ScoringModel.load(Path.of("models"));
        OnnxTextEncoder onnx = OnnxTextEncoder.open(EncoderModel.forId(model.encoderId()),
            EncoderOptions.defaults().withDevice(DeviceSpec.parse("cpu")))) {
      // When the same events run through the topology without and with prefetch
      Outputs without = run(model, CachingTextEncoder.wrap(onnx, 1_000), false);
      Outputs with = run(model, CachingTextEncoder.wrap(onnx, 1_000), true);

      // Then the records are byte-identical, and the prefetch did serve the scoring runs
      assertThat(without.scores()).hasSize(12);
      assertThat(with.scores()).containsExactlyElementsOf(without.scores());
      assertThat(with.textProfiles()).isNotEmpty().containsExactlyElementsOf(without.textProfiles());
      assertThat(without.prefetchHits()).isZero();
      assertThat(with.missesOfFirstRun()).as("first run found every text prefetched").isZero();
      assertThat(with.prefetchHits()).isPositive();
    }
  }

  @Test
  void shouldWriteByteIdenticalScoresAndProfilesWithAndWithoutPrefetchWithAFakeEncoder() {
    Outputs without = run(new FakeScorer(), CachingTextEncoder.wrap(new HashingEncoder(), 1_000), false);
    Outputs with = run(new FakeScorer(), CachingTextEncoder.wrap(new HashingEncoder(), 1_000), true);

    assertThat(without.scores()).hasSize(12);
    assertThat(with.scores()).containsExactlyElementsOf(without.scores());
    assertThat(with.textProfiles()).isNotEmpty().containsExactlyElementsOf(without.textProfiles());
    assertThat(with.missesOfFirstRun()).isZero();
    assertThat(with.prefetchHits()).isPositive();
  }

  /**
   * Three scoring runs: the first after the prefetch has caught up, the next two racing it. Returns the
   * scores and text-profile changelog records, as key=hex(value).
   */
  private static Outputs run(UserScorer scorer, CachingTextEncoder cache, boolean prefetchOn) {
    EmbeddingPrefetcher prefetcher = prefetchOn ? EmbeddingPrefetcher.start(cache, 1_000, 32) : null;
    EmbeddingPrefetch prefetch = prefetcher == null ? EmbeddingPrefetch.NONE : prefetcher;
    try (TopologyHarness harness = new TopologyHarness(WALL_CLOCK, Map.of(), Optional.of(scorer), cache, prefetch, false)) {
      TestOutputTopic<String, byte[]> scores = harness.driver.createOutputTopic(harness.config.scoresTopic(),
          new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<byte[], byte[]> profiles = harness.changelog(StoreNames.USER_TEXT_PROFILE);

      events(harness, 0, List.of("red velvet sofa", "oak dining table", "brass floor lamp"));
      if (prefetcher != null) {
        await().atMost(Duration.ofSeconds(30)).until(() -> prefetcher.pending() == 0);
      }
      harness.driver.advanceWallClockTime(INTERVAL);
      long missesOfFirstRun = cache.misses();
      events(harness, 10, List.of("oak dining table", "wool rug", "ceramic vase with gold rim"));
      harness.driver.advanceWallClockTime(INTERVAL);
      events(harness, 20, List.of("red velvet sofa", "linen curtains", "walnut bookshelf"));
      harness.driver.advanceWallClockTime(INTERVAL);

      List<String> scoreRecords = new ArrayList<>();
      scores.readRecordsToList().forEach(r -> scoreRecords.add(r.key() + "=" + HexFormat.of().formatHex(r.value())));
      List<String> profileRecords = new ArrayList<>();
      profiles.readRecordsToList().forEach(r -> profileRecords.add(
          HexFormat.of().formatHex(r.key()) + "=" + HexFormat.of().formatHex(r.value())));
      return new Outputs(scoreRecords, profileRecords, missesOfFirstRun, cache.prefetchHits());
    } finally {
      if (prefetcher != null) {
        prefetcher.close();
      }
    }
  }

  /** Four users' events from second {@code offset}: views, searches and an order. */
  private static void events(TopologyHarness harness, int offset, List<String> searches) {
    for (int u = 1; u <= 4; u++) {
      String user = "u" + u;
      Instant at = T0.plusSeconds(offset + u);
      harness.clicks.pipeInput(user, view("v" + offset + user, user, at, "p" + (offset + u % 3), "19.99"), at);
      harness.clicks.pipeInput(user, search("s" + offset + user, user, at.plusMillis(1), searches.get(u % searches.size())),
          at.plusMillis(1));
      if (u % 2 == 0) {
        harness.orders.pipeInput(user, placed("o" + offset + user, user, at.plusMillis(2), line("p" + u, 2, "7.50")),
            at.plusMillis(2));
      }
    }
  }

  private record Outputs(List<String> scores, List<String> textProfiles, long missesOfFirstRun, long prefetchHits) {
  }
}
