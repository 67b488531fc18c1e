package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ppscore.config.AppConfig;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stale scores are computed again without an event: the refresh sweep marks users whose latest score is older
 * than {@code scoring.refresh.age.ms} (default 1 day; sweeps every 60 s), the next scoring run scores them.
 */
class ScoreRefreshTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Duration AGE = Duration.ofDays(1);
  private static final Duration SWEEP = Duration.ofMinutes(1);
  private static final double MS_PER_DAY = Duration.ofDays(1).toMillis();

  private final FakeScorer scorer = new FakeScorer();
  private TopologyHarness harness = harness(Map.of());

  private TopologyHarness harness(Map<String, ?> overrides) {
    return new TopologyHarness(WALL_CLOCK, overrides, Optional.of(scorer), new HashingEncoder());
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldScoreAUserWithoutNewEventsAgainOnceTheLatestScoreIsOlderThanTheRefreshAge() {
    // Given u1's order, scored by the first run
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "5.00")), T0);
    nextInterval();
    UserScore first = harness.scores.readValue();

    // When the wall clock passes the refresh age and a sweep (no event), then the next scoring run
    harness.driver.advanceWallClockTime(AGE.plus(SWEEP));
    nextInterval();

    // Then a new score, computed at that run, for the same triggering event, from features as of the run:
    // days_since_last_order (feature 0) grew by the wall-clock time between the runs, and the score moved
    List<TestRecord<String, UserScore>> out = harness.scores.readRecordsToList();
    assertThat(out).hasSize(1);
    UserScore refreshed = out.get(0).value();
    Instant secondRun = WALL_CLOCK.plus(INTERVAL).plus(AGE).plus(SWEEP).plus(INTERVAL);
    assertThat(refreshed.getComputedAt()).isEqualTo(secondRun);
    assertThat(refreshed.getTriggeringEventId()).isEqualTo("o1");
    assertThat(refreshed.getTriggeringEventTime()).isEqualTo(T0);
    assertThat(scorer.calls).hasSize(2);
    float daysBefore = scorer.calls.get(0)[0][0];
    float daysAfter = scorer.calls.get(1)[0][0];
    assertThat(daysBefore).isCloseTo((float) ((WALL_CLOCK.plus(INTERVAL).toEpochMilli() - T0.toEpochMilli()) / MS_PER_DAY),
        within(1e-4f));
    assertThat(daysAfter).isCloseTo((float) ((secondRun.toEpochMilli() - T0.toEpochMilli()) / MS_PER_DAY), within(1e-4f));
    assertThat(refreshed.getScore()).isNotEqualTo(first.getScore())
        .isEqualTo(FakeScorer.predict(scorer.calls.get(1)[0]).score());

    // And it is the latest score, sent with the refresh header and counted; the first score had no header
    assertThat(latestScores().get("u1")).isEqualTo(refreshed);
    assertThat(RefreshedScores.isRefresh(out.get(0).headers())).isTrue();
    assertThat(scoringMetric(RefreshedScores.OPERATION)).isEqualTo(1.0);
    assertThat(scoringMetric(ScoringProcessor.SCORES_OUT)).isEqualTo(2.0);
    assertThat(dirty().get("u1")).isNull();
  }

  @Test
  void shouldNotRecordARefreshedScoreInTheEventToScoreLatency() {
    // Given u1's order, scored 100 ms after it was accepted
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "5.00")), T0);
    nextInterval();
    assertThat(harness.metrics.eventToScoreLatency().count()).isEqualTo(1);

    // When the score is refreshed a day later
    harness.driver.advanceWallClockTime(AGE.plus(SWEEP));
    nextInterval();

    // Then there is a refreshed score, and the latency still holds the event's 100 ms only
    assertThat(harness.scores.readValuesToList()).hasSize(2);
    assertThat(harness.metrics.eventToScoreLatency().count()).isEqualTo(1);
    assertThat(harness.metrics.eventToScoreLatency().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(100.0);
  }

  @Test
  void shouldNotRefreshAUserWhoseLatestScoreIsYoungerThanTheRefreshAge() {
    // Given u1 scored at the first run, and u2 scored 12 hours later
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "5.00")), T0);
    nextInterval();
    harness.driver.advanceWallClockTime(Duration.ofHours(12));
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p1", 1, "5.00")), T0);
    nextInterval();
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1", "u2");

    // When another 12 hours and a sweep pass: u1's score is a day and a minute old, u2's half a day
    harness.driver.advanceWallClockTime(Duration.ofHours(12).plus(SWEEP));
    nextInterval();

    // Then only u1 is scored again
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1");

    // And neither is at the next sweep: u1's score is new now
    harness.driver.advanceWallClockTime(SWEEP);
    nextInterval();
    assertThat(harness.scores.isEmpty()).isTrue();
  }

  @Test
  void shouldNeverRefreshWhenTheRefreshAgeIsZero() {
    // Given refresh off, and u1 scored
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, 0L));
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "5.00")), T0);
    nextInterval();
    UserScore first = harness.scores.readValue();

    // When two days pass
    harness.driver.advanceWallClockTime(Duration.ofDays(2));
    nextInterval();

    // Then no new score, and the latest score is the first one
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(latestScores().get("u1")).isEqualTo(first);
    assertThat(scorer.calls).hasSize(1);
  }

  @Test
  void shouldLookAtMostMaxUsersPerSweepAndContinueWhereThePreviousSweepStopped() {
    // Given sweeps of at most 2 users, and five users scored at the first run
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_REFRESH_MAX_USERS_CONFIG, 2));
    for (String user : List.of("u1", "u2", "u3", "u4", "u5")) {
      harness.orders.pipeInput(user, placed("o-" + user, user, T0, line("p1", 1, "5.00")), T0);
    }
    nextInterval();
    harness.scores.readKeyValuesToList();

    // When a day passes: each sweep marks the next two stale users in key order, the scoring run after it scores them
    harness.driver.advanceWallClockTime(AGE.plus(SWEEP));
    List<String> firstSweep = dirtyUsers();
    nextInterval();
    List<String> firstScored = scoredUsers();
    harness.driver.advanceWallClockTime(SWEEP);
    List<String> secondSweep = dirtyUsers();
    nextInterval();
    harness.driver.advanceWallClockTime(SWEEP);
    List<String> thirdSweep = dirtyUsers();
    nextInterval();

    // Then
    assertThat(firstSweep).containsExactly("u1", "u2");
    assertThat(firstScored).containsExactly("u1", "u2");
    assertThat(secondSweep).containsExactly("u3", "u4");
    assertThat(thirdSweep).containsExactly("u5");
    assertThat(scoredUsers()).containsExactly("u3", "u4", "u5");
    assertThat(scorer.calls).extracting(c -> c.length).containsExactly(5, 2, 2, 1);

    // And the sweep after the last user starts again at the first: a day later, it marks u1 and u2 again
    harness.driver.advanceWallClockTime(AGE);
    assertThat(dirtyUsers()).containsExactly("u1", "u2");
  }

  private void nextInterval() {
    harness.driver.advanceWallClockTime(INTERVAL);
  }

  private List<String> scoredUsers() {
    return harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();
  }

  private List<String> dirtyUsers() {
    List<String> users = new ArrayList<>();
    try (var all = dirty().all()) {
      all.forEachRemaining((KeyValue<String, ScoringDirtyUser> kv) -> users.add(kv.key));
    }
    return users;
  }

  private KeyValueStore<String, ScoringDirtyUser> dirty() {
    return harness.driver.getKeyValueStore(StoreNames.SCORING_DIRTY_USERS);
  }

  private KeyValueStore<String, UserScore> latestScores() {
    return harness.driver.getKeyValueStore(StoreNames.USER_LATEST_SCORE);
  }

  /** A {@code scoring} sensor's total ({@code <operation>-total}), summed over tasks. */
  private double scoringMetric(String operation) {
    return harness.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(operation + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }
}
