package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The right to be forgotten: an erasure request empties every per-user store of that user, and only that user. */
class UserErasureTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);

  /** With scoring and the risk rules, so every store of {@link PerUserStores#ALL} is in the topology. */
  private TopologyHarness harness = new TopologyHarness(WALL_CLOCK, Map.of(), Optional.of(new FakeScorer()), new HashingEncoder(), true);

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldDeleteTheUserFromEveryPerUserStoreAndTombstoneTheScore() {
    // Given two users with state in every store: scored once (text profile, latest score), then dirty again
    activity("u1", 0);
    activity("u2", 10);
    harness.driver.advanceWallClockTime(INTERVAL);
    harness.clicks.pipeInput("u1", view("u1-late", "u1", T0.plusSeconds(60), "p9", "3.00"), T0.plusSeconds(60));
    harness.clicks.pipeInput("u2", view("u2-late", "u2", T0.plusSeconds(70), "p9", "3.00"), T0.plusSeconds(70));
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1", "u2");
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(entriesOf(store, "u1")).as("u1 in %s before erasure", store.name()).isPositive();
    }

    // When u1's erasure request arrives
    erasures().pipeInput("u1", request("req-42"), T0.plusSeconds(100));

    // Then u1 is gone from every per-user store, u2 is untouched
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(entriesOf(store, "u1")).as("u1 in %s after erasure", store.name()).isZero();
      assertThat(entriesOf(store, "u2")).as("u2 in %s after erasure", store.name()).isPositive();
    }
    assertThat(harness.state("u1", T0.plusSeconds(100))).isEmpty();
    assertThat(harness.state("u2", T0.plusSeconds(100))).isPresent();

    // And the scores topic gets a tombstone keyed by u1, and nothing else
    List<KeyValue<String, UserScore>> out = harness.scores.readKeyValuesToList();
    assertThat(out).containsExactly(KeyValue.pair("u1", null));

    // And the profile changelog carries the deletion too (restoring a store does not bring u1 back)
    assertThat(harness.changelog(StoreNames.USER_PROFILE).readKeyValuesToList())
        .anySatisfy(kv -> {
          assertThat(new String(kv.key, StandardCharsets.UTF_8)).isEqualTo("u1");
          assertThat(kv.value).isNull();
        });

    // And the next scoring run does not score u1 again (its dirty entry is gone), but still scores u2
    harness.driver.advanceWallClockTime(INTERVAL);
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u2");
  }

  @Test
  void shouldStampTheScoreTombstoneWithTheTimeTheErasureWasProcessedNotTheRequestsTimestamp() {
    // Given u1 scored at t1 (a score is stamped with the wall clock of its scoring run)
    activity("u1", 0);
    harness.driver.advanceWallClockTime(INTERVAL);
    long t1 = harness.scores.readRecordsToList().stream().filter(r -> r.key().equals("u1")).findFirst().orElseThrow()
        .timestamp();

    // When an erasure request produced before t1 (it waited on a lagging partition) is processed at t2 > t1
    harness.driver.advanceWallClockTime(Duration.ofMinutes(5));
    Instant t2 = WALL_CLOCK.plus(INTERVAL).plus(Duration.ofMinutes(5));
    erasures().pipeInput("u1", request("req-late"), Instant.ofEpochMilli(t1).minusSeconds(30));

    // Then the tombstone is stamped t2, after the score it deletes
    var tombstone = harness.scores.readRecord();
    assertThat(tombstone.value()).isNull();
    assertThat(tombstone.timestamp()).isEqualTo(t2.toEpochMilli()).isGreaterThan(t1);
  }

  @Test
  void shouldNotStampTheErasuresWritesAheadOfTheWallClockWhenTheRequestIsStampedInTheFuture() {
    // Given u1 with state
    activity("u1", 0);
    harness.changelog(StoreNames.USER_PROFILE).readRecordsToList();

    // When a skewed producer stamps u1's erasure request in the year 3000
    erasures().pipeInput("u1", request("req-future"), Instant.parse("3000-01-01T00:00:00Z"));

    // Then the score tombstone and the changelog tombstones are stamped no later than the wall clock
    var tombstone = harness.scores.readRecordsToList().stream().filter(r -> r.value() == null).findFirst().orElseThrow();
    assertThat(tombstone.timestamp()).isEqualTo(WALL_CLOCK.toEpochMilli());
    var deletions = harness.changelog(StoreNames.USER_PROFILE).readRecordsToList();
    assertThat(deletions).isNotEmpty().allSatisfy(r -> assertThat(r.timestamp()).isLessThanOrEqualTo(WALL_CLOCK.toEpochMilli()));
    assertThat(harness.changelog(StoreNames.USER_ERASURES).readRecordsToList())
        .isNotEmpty().allSatisfy(r -> assertThat(r.timestamp()).isLessThanOrEqualTo(WALL_CLOCK.toEpochMilli()));
  }

  @Test
  void shouldClearTheScoringAndRiskStoresEvenWhileScoringAndRiskAreOff() {
    // Given a run without model and risk rules, whose scoring and risk stores still hold u1's data from an
    // earlier run with them (restored from their changelogs)
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of());
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "5.00")), T0);
    KeyValueStore<String, Object> latest = harness.driver.getKeyValueStore(StoreNames.USER_LATEST_SCORE);
    KeyValueStore<String, Object> risk = harness.driver.getKeyValueStore(StoreNames.USER_RISK_STATE);
    latest.put("u1", UserScore.newBuilder().setUserId("u1").setScore(50).setTier("MEDIUM")
        .setPredictedSpend30d(new java.math.BigDecimal("1.0000")).setPredictedSpend90d(new java.math.BigDecimal("2.0000"))
        .setPPurchase90d(0.5).setCurrency("GBP").setModelVersion("m").setEncoderId(null).setReasonCodes(List.of())
        .setTriggeringEventId("o1").setTriggeringEventTime(T0).setComputedAt(T0).build());
    risk.put("u1", io.ppscore.state.avro.UserRiskState.newBuilder().build());

    // When u1 is erased
    erasures().pipeInput("u1", request("req-7"), T0.plusSeconds(10));

    // Then those stores no longer hold u1 either
    assertThat(latest.get("u1")).isNull();
    assertThat(risk.get("u1")).isNull();
    assertThat(harness.state("u1", T0.plusSeconds(10))).isEmpty();
  }

  @Test
  void shouldEraseDayBucketsElevenMonthsBehindTheWatermark() {
    // Given u1's order, then eleven months of other users' traffic moving the event-time watermark on
    harness.close();
    harness = new TopologyHarness(Instant.parse("2012-06-01T00:00:00Z"));
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "5.00")), T0);
    Instant later = T0.plus(Duration.ofDays(335));
    harness.orders.pipeInput("u2", placed("o2", "u2", later, line("p1", 1, "5.00")), later);
    PerUserStores.Entry days = new PerUserStores.Entry(StoreNames.DAY_BUCKETS, PerUserStores.Layout.WINDOW);
    assertThat(entriesOf(days, "u1")).as("u1's day bucket is still within the 367-day retention").isEqualTo(1);

    // When
    erasures().pipeInput("u1", request("req-9"), later.plusSeconds(1));

    // Then
    assertThat(entriesOf(days, "u1")).isZero();
    assertThat(entriesOf(days, "u2")).isEqualTo(1);
  }

  @Test
  void shouldForgetTheUsersEventIdsSoAnEventIdUsedAgainAfterErasureCountsAsNew() {
    // Given u1's order o1, erased
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "5.00")), T0);
    erasures().pipeInput("u1", request("req-1"), T0.plusSeconds(1));

    // When the user comes back a minute after the erasure (produced and stamped after it) with an order whose id is o1 again
    harness.driver.advanceWallClockTime(Duration.ofSeconds(60));
    Instant back = WALL_CLOCK.plusSeconds(60);
    harness.orders.pipeInput("u1", placed("o1", "u1", back, line("p1", 1, "5.00")), back);

    // Then it is new state, not a duplicate of forgotten state
    assertThat(harness.state("u1", back.plusSeconds(1))).isPresent();
  }

  @Test
  void shouldEraseOnTheKeyAloneWhenTheValueIsNullOrUnreadable() {
    activity("u1", 0);
    activity("u2", 10);
    TestInputTopic<byte[], byte[]> raw = harness.raw(harness.config.userErasureTopic());

    raw.pipeInput("u1".getBytes(StandardCharsets.UTF_8), null, T0.plusSeconds(100));
    raw.pipeInput("u2".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 99, 1, 2}, T0.plusSeconds(100));

    assertThat(harness.state("u1", T0.plusSeconds(100))).isEmpty();
    assertThat(harness.state("u2", T0.plusSeconds(100))).isEmpty();
  }

  @Test
  void shouldSkipARequestWhoseKeyIsNotAUserIdAndKeepEveryone() {
    activity("u1", 0);
    TestInputTopic<byte[], byte[]> raw = harness.raw(harness.config.userErasureTopic());

    raw.pipeInput(null, null, T0.plusSeconds(100));
    raw.pipeInput("u1 OR 1=1".getBytes(StandardCharsets.UTF_8), null, T0.plusSeconds(100));
    raw.pipeInput("".getBytes(StandardCharsets.UTF_8), null, T0.plusSeconds(100));

    assertThat(harness.state("u1", T0.plusSeconds(100))).isPresent();
    assertThat(harness.scores.isEmpty()).isTrue();
  }

  @Test
  void shouldEraseWithoutTombstoneWhenScoringIsOff() {
    // Given a topology without a model: no scoring stores and no scores topic to write to
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK);
    activity("u1", 0);

    erasures().pipeInput("u1", request("req-7"), T0.plusSeconds(100));

    assertThat(harness.state("u1", T0.plusSeconds(100))).isEmpty();
    assertThat(harness.scores.isEmpty()).isTrue();
  }

  @Test
  void shouldConnectTheErasureToEveryStoreOfTheTopologyThatHoldsUserData() {
    // Given the full topology (with scoring); a store added later must be registered in PerUserStores
    Set<String> allStores = new HashSet<>();
    Set<String> erasureStores = new HashSet<>();
    String erasureSubtopologyStores = null;
    for (TopologyDescription.Subtopology sub : describe().subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Processor processor) {
          allStores.addAll(processor.stores());
          if (processor.name().equals(UserErasure.PROCESSOR)) {
            erasureStores.addAll(processor.stores());
            erasureSubtopologyStores = sub.toString();
          }
        }
      }
    }

    // Then every store is either per-user (and erased) or declared free of user data
    Set<String> unaccounted = new HashSet<>(allStores);
    PerUserStores.ALL.forEach(e -> unaccounted.remove(e.name()));
    unaccounted.removeAll(PerUserStores.NOT_PER_USER);
    assertThat(unaccounted).as("stores neither in PerUserStores.ALL nor NOT_PER_USER").isEmpty();
    Set<String> perUserInTopology = new HashSet<>(allStores);
    perUserInTopology.removeAll(PerUserStores.NOT_PER_USER);
    erasureStores.removeAll(PerUserStores.NOT_PER_USER); // the watermark is read, never erased
    assertThat(erasureStores).isEqualTo(perUserInTopology);
    assertThat(erasureSubtopologyStores).as("erasure shares the sub-topology of user-activity")
        .contains("user-activity").contains("source-" + harness.config.userErasureTopic());
  }

  private TopologyDescription describe() {
    StreamsBuilder builder = new StreamsBuilder();
    return PurchasingPowerTopology.build(builder, harness.topics, TopologySettings.from(harness.config),
        Optional.of(new FakeScorer()), new HashingEncoder()).describe();
  }

  /** A view and an order of {@code user}, {@code offsetMinutes} after T0. */
  private void activity(String user, int offsetMinutes) {
    Instant at = T0.plus(Duration.ofMinutes(offsetMinutes));
    harness.clicks.pipeInput(user, view(user + "-c1", user, at, "p1", "10.00"), at);
    harness.orders.pipeInput(user, placed(user + "-o1", user, at.plusSeconds(5), line("p1", 2, "10.00")), at.plusSeconds(5));
  }

  private TestInputTopic<String, UserErasureRequest> erasures() {
    return harness.driver.createInputTopic(harness.config.userErasureTopic(), new StringSerializer(),
        harness.topics.userErasure().valueSerde().serializer());
  }

  private static UserErasureRequest request(String id) {
    return UserErasureRequest.newBuilder().setRequestId(id).setRequestedAt(T0).setRequestedBy("test").setReason("ticket 1")
        .build();
  }

  /** How many entries {@code store} holds for {@code user}. */
  private long entriesOf(PerUserStores.Entry store, String user) {
    return PerUserStoreEntries.count(harness, store, user);
  }
}
