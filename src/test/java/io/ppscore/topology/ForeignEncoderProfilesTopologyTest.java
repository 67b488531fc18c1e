package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.cartAdd;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.features.TextProfiles;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserTextProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A model upgrade that changes the encoder: text profiles stored with the old encoder cannot be used, and
 * discarding them is counted and logged, not silent.
 */
class ForeignEncoderProfilesTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final String OLD_ENCODER = "old-test-encoder";
  private static final String DISCARDED = ForeignEncoderProfiles.OPERATION + "-total";

  private final HashingEncoder encoder = new HashingEncoder();
  private final TopologyHarness harness = new TopologyHarness(WALL_CLOCK, Map.of(), Optional.of(new FakeScorer()),
      encoder);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldCountAndDiscardATextProfileStoredWithAnotherEncoderWhenItsUserIsScored() {
    // Given u1's text profile accumulated with the old encoder (a purchased title of weight 20)
    TextProfiles old = TextProfiles.empty(HashingEncoder.DIMENSION);
    old.bought().add(HashingEncoder.vectorOf("Product p0"), 20.0);
    textProfiles().put("u1", TextProfileRecords.toRecord(old, OLD_ENCODER, T0.minusSeconds(60)));

    // When u1 views a product under the running (hashing) encoder and a run scores u1
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.driver.advanceWallClockTime(INTERVAL);

    // Then u1 is scored, the old profile is counted once and replaced by one of the new encoder with the view only
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1");
    assertThat(streamsMetric(DISCARDED)).isEqualTo(1.0);
    UserTextProfile stored = textProfiles().get("u1");
    assertThat(stored.getEncoderId()).isEqualTo(HashingEncoder.ID);
    assertThat(stored.getBoughtWeight()).isZero();
    assertThat(stored.getBrowsedWeight()).isEqualTo(1.0);

    // And u1's next score does not count it again
    harness.clicks.pipeInput("u1", view("c2", "u1", T0.plusSeconds(1), "p2", "10.00"), T0.plusSeconds(1));
    harness.driver.advanceWallClockTime(INTERVAL);
    assertThat(streamsMetric(DISCARDED)).isEqualTo(1.0);
  }

  @Test
  void shouldDeleteAForeignTextProfileOnceWhenItsUserIsScoredWithoutNewTexts() {
    // Given u1's text profile accumulated with the old encoder, and u2's with the running one
    TextProfiles some = TextProfiles.empty(HashingEncoder.DIMENSION);
    some.browsed().add(HashingEncoder.vectorOf("Product p0"), 1.0);
    textProfiles().put("u1", TextProfileRecords.toRecord(some, OLD_ENCODER, T0.minusSeconds(60)));
    textProfiles().put("u2", TextProfileRecords.toRecord(some, HashingEncoder.ID, T0.minusSeconds(60)));

    // When both add to cart (no text) and a run scores them
    harness.carts.pipeInput("u1", cartAdd("k1", "u1", T0, "p1", 1, "10.00"), T0);
    harness.carts.pipeInput("u2", cartAdd("k2", "u2", T0, "p1", 1, "10.00"), T0);
    harness.driver.advanceWallClockTime(INTERVAL);

    // Then only u1's profile is counted, and deleted: it read as empty for this score and would for every later one
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1", "u2");
    assertThat(streamsMetric(DISCARDED)).isEqualTo(1.0);
    assertThat(textProfiles().get("u1")).isNull();
    assertThat(textProfiles().get("u2").getEncoderId()).isEqualTo(HashingEncoder.ID);
  }

  @Test
  void shouldDiscardAProfileOfTheSameEncoderIdAccumulatedInAnotherSpaceSuchAsAnotherTextLength() {
    // Given the running encoder has the same id but another profile space (texts cut to 64 tokens, say),
    // and u1's profile was accumulated under the bare id (128 tokens)
    HashingEncoder hashing = new HashingEncoder();
    io.ppscore.inference.TextEncoder at64 = new io.ppscore.inference.TextEncoder() {
      @Override
      public String id() {
        return hashing.id();
      }

      @Override
      public String profileSpace() {
        return HashingEncoder.ID + "+seq64";
      }

      @Override
      public int dimension() {
        return hashing.dimension();
      }

      @Override
      public float[][] embed(java.util.List<String> texts) {
        return hashing.embed(texts);
      }

      @Override
      public void close() {
        hashing.close();
      }
    };
    try (TopologyHarness other = new TopologyHarness(WALL_CLOCK, Map.of(), Optional.of(new FakeScorer()), at64)) {
      TextProfiles old = TextProfiles.empty(HashingEncoder.DIMENSION);
      old.bought().add(HashingEncoder.vectorOf("Product p0"), 20.0);
      KeyValueStore<String, UserTextProfile> profiles = other.driver.getKeyValueStore(StoreNames.USER_TEXT_PROFILE);
      profiles.put("u1", TextProfileRecords.toRecord(old, HashingEncoder.ID, T0.minusSeconds(60)));

      // When u1 views a product and a run scores u1
      other.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
      other.driver.advanceWallClockTime(INTERVAL);

      // Then the old sums are not added to (they were, the id being the same): the profile starts afresh in the
      // running space
      UserTextProfile stored = profiles.get("u1");
      assertThat(stored.getEncoderId()).isEqualTo(HashingEncoder.ID + "+seq64");
      assertThat(stored.getBoughtWeight()).isZero();
      assertThat(stored.getBrowsedWeight()).isEqualTo(1.0);
    }
  }

  private KeyValueStore<String, UserTextProfile> textProfiles() {
    return harness.driver.getKeyValueStore(StoreNames.USER_TEXT_PROFILE);
  }

  private double streamsMetric(String name) {
    return harness.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }
}
