package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.search;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Refresh entries next to events' entries and erasures. Scoring runs every 10 minutes and scores older than
 * a minute are refreshed (sweeps every minute), so a sweep can be watched between two scoring runs: from
 * wall-clock W, a run scores at W+10m, a sweep at W+12m finds those scores stale, the next run is at W+20m.
 */
class ScoreRefreshEntriesTopologyTest {

  private static final Instant W = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration SCORING = Duration.ofMinutes(10);
  private static final Duration TO_SWEEP = Duration.ofMinutes(2);

  private final TopologyHarness harness = new TopologyHarness(W, Map.of(
      AppConfig.SCORING_INTERVAL_MS_CONFIG, SCORING.toMillis(),
      AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, Duration.ofMinutes(1).toMillis()),
      Optional.of(new FakeScorer()), new HashingEncoder());

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldLeaveAnEventsDirtyEntryAsItIsWhenItsUsersScoreIsStale() {
    // Given u1 scored at W+10m, then a search of u1 waiting for the next run
    scoredOrder("u1");
    harness.clicks.pipeInput("u1", search("c1", "u1", T0.plusSeconds(60), "lamp"), T0.plusSeconds(60));

    // When a sweep finds u1's score stale
    harness.driver.advanceWallClockTime(TO_SWEEP);

    // Then the event's entry is untouched: its trigger, texts and latency start
    ScoringDirtyUser entry = dirty().get("u1");
    assertThat(entry.getTriggeringEventId()).isEqualTo("c1");
    assertThat(entry.getPendingTexts()).extracting(PendingText::getText).containsExactly("lamp");
    assertThat(entry.getFirstPendingAt()).isEqualTo(W.plus(SCORING));
    assertThat(entry.getRefresh()).isFalse();

    // And the next run scores the event as usual: its trigger, no refresh header, its latency counted
    harness.driver.advanceWallClockTime(SCORING.minus(TO_SWEEP));
    TestRecord<String, UserScore> out = harness.scores.readRecord();
    assertThat(out.value().getTriggeringEventId()).isEqualTo("c1");
    assertThat(RefreshedScores.isRefresh(out.headers())).isFalse();
    assertThat(harness.metrics.eventToScoreLatency().count()).isEqualTo(2);
  }

  @Test
  void shouldLetAnEventTakeOverARefreshEntryBeforeTheScoringRun() {
    // Given u1 scored at W+10m and marked for refresh by the sweep two minutes later
    scoredOrder("u1");
    harness.driver.advanceWallClockTime(TO_SWEEP);
    ScoringDirtyUser refresh = dirty().get("u1");
    assertThat(refresh.getRefresh()).isTrue();
    assertThat(refresh.getTriggeringEventId()).isEqualTo("o-u1");
    assertThat(refresh.getTriggeringEventTime()).isEqualTo(T0);
    assertThat(refresh.getPendingTexts()).isEmpty();
    assertThat(refresh.getFirstPendingAt()).isNull();

    // When u1 searches before the scoring run
    harness.clicks.pipeInput("u1", search("c1", "u1", T0.plusSeconds(60), "lamp"), T0.plusSeconds(60));

    // Then the entry is the event's
    ScoringDirtyUser entry = dirty().get("u1");
    assertThat(entry.getRefresh()).isFalse();
    assertThat(entry.getTriggeringEventId()).isEqualTo("c1");
    assertThat(entry.getFirstPendingAt()).isEqualTo(W.plus(SCORING).plus(TO_SWEEP));
    assertThat(entry.getPendingTexts()).extracting(PendingText::getText).containsExactly("lamp");

    // And the run scores it as the event's score, with the event's 8 minutes of latency (after the order's 10)
    harness.driver.advanceWallClockTime(SCORING.minus(TO_SWEEP));
    TestRecord<String, UserScore> out = harness.scores.readRecord();
    assertThat(out.value().getTriggeringEventId()).isEqualTo("c1");
    assertThat(RefreshedScores.isRefresh(out.headers())).isFalse();
    assertThat(harness.metrics.eventToScoreLatency().totalTime(TimeUnit.MINUTES)).isEqualTo(18.0);
  }

  @Test
  void shouldNeverRefreshAnErasedUser() {
    // Given u1 and u2 scored at W+10m, then u1 erased
    scoredOrder("u1", "u2");
    erase("u1");
    assertThat(harness.scores.readKeyValuesToList()).containsExactly(KeyValue.pair("u1", null));

    // When a sweep finds both scores stale and the next scoring run passes
    harness.driver.advanceWallClockTime(TO_SWEEP);
    List<String> marked = List.of("u1", "u2").stream().filter(u -> dirty().get(u) != null).toList();
    harness.driver.advanceWallClockTime(SCORING.minus(TO_SWEEP));

    // Then only u2 was marked and scored again; u1 has no score and no state
    assertThat(marked).containsExactly("u2");
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u2");
    assertThat(latestScores().get("u1")).isNull();
    assertThat(harness.state("u1", W.plus(SCORING.multipliedBy(2)))).isEmpty();
  }

  @Test
  void shouldNotScoreAUserErasedBetweenTheSweepAndTheScoringRun() {
    // Given u1 scored at W+10m and marked for refresh by the sweep at W+12m
    scoredOrder("u1");
    harness.driver.advanceWallClockTime(TO_SWEEP);
    assertThat(dirty().get("u1")).isNotNull();

    // When u1 is erased before the scoring run, which then passes
    erase("u1");
    harness.driver.advanceWallClockTime(SCORING.minus(TO_SWEEP));

    // Then the tombstone is the last word on u1: no refreshed score brings them back
    assertThat(harness.scores.readKeyValuesToList()).containsExactly(KeyValue.pair("u1", null));
    assertThat(dirty().get("u1")).isNull();
    assertThat(latestScores().get("u1")).isNull();
  }

  /** One order per user at T0, scored by the run at W+10m (the scores are read and dropped). */
  private void scoredOrder(String... users) {
    for (String user : users) {
      harness.orders.pipeInput(user, placed("o-" + user, user, T0, line("p1", 1, "5.00")), T0);
    }
    harness.driver.advanceWallClockTime(SCORING);
    assertThat(harness.scores.readKeyValuesToList()).hasSize(users.length);
  }

  private void erase(String user) {
    harness.driver.createInputTopic(harness.config.userErasureTopic(), new StringSerializer(),
            harness.topics.userErasure().valueSerde().serializer())
        .pipeInput(user, UserErasureRequest.newBuilder().setRequestId("req-" + user).setRequestedAt(W)
            .setRequestedBy("test").setReason("ticket 1").build(), W.plus(SCORING));
  }

  private KeyValueStore<String, ScoringDirtyUser> dirty() {
    return harness.driver.getKeyValueStore(StoreNames.SCORING_DIRTY_USERS);
  }

  private KeyValueStore<String, UserScore> latestScores() {
    return harness.driver.getKeyValueStore(StoreNames.USER_LATEST_SCORE);
  }
}
