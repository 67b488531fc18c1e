package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.search;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.features.FeatureSpec;
import io.ppscore.model.Prediction;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.RiskSeverity;
import io.ppscore.output.avro.UserScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Score collapse through the real topology: a scorer that answers a scripted sequence of scores, one
 * scoring run per event, and the user-risk-scores node judging each score against the user's earlier ones.
 */
class ScoreCollapseTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Instant WALL_CLOCK = T0.plus(Duration.ofDays(60));
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private final ScriptedScorer scorer = new ScriptedScorer();
  private RiskHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start() {
    harness = new RiskHarness(WALL_CLOCK, Map.of(AppConfig.SCORING_INTERVAL_MS_CONFIG, INTERVAL.toMillis(),
        AppConfig.RISK_SCORE_COLLAPSE_POINTS_CONFIG, 30.0,
        AppConfig.RISK_SCORE_COLLAPSE_WINDOW_MS_CONFIG, Duration.ofDays(7).toMillis()),
        Optional.of(scorer), new HashingEncoder());
  }

  /** One event of {@code user} at {@code at}, scored {@code score} by the next scoring run. */
  private void scoredEvent(String eventId, String user, Instant at, double score) {
    scorer.next.add(score);
    harness.click(view(eventId, user, at, "p", "5.00"));
    harness.driver.advanceWallClockTime(INTERVAL);
  }

  @Test
  void shouldFlagAScoreThirtyPointsBelowTheWeeksPeakButNotTwentyNine() {
    start();
    // Given two users scored 80
    scoredEvent("a1", "falls", T0, 80.0);
    scoredEvent("b1", "dips", T0.plusSeconds(1), 80.0);
    // When one falls to 50 (30 points) and the other to 51 (29 points) a day later
    scoredEvent("a2", "falls", T0.plus(Duration.ofDays(1)), 50.0);
    scoredEvent("b2", "dips", T0.plus(Duration.ofDays(1)).plusSeconds(1), 51.0);
    // Then only the first is flagged, on the event that triggered the low score, with the model version
    assertThat(harness.scores.readValuesToList()).hasSize(4);
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getUserId).containsExactly("falls");
    RiskFlag flag = flags.get(0);
    assertThat(flag.getRuleId()).isEqualTo("score-collapse");
    assertThat(flag.getSeverity()).isEqualTo(RiskSeverity.LOW);
    assertThat(flag.getTriggeringEventId()).isEqualTo("a2");
    assertThat(flag.getModelVersion()).isEqualTo("scripted-1");
    assertThat(flag.getEvidence()).anySatisfy(e -> {
      assertThat(e.getMetric()).isEqualTo("score_drop");
      assertThat(e.getValue()).isEqualTo(30.0);
      assertThat(e.getCrossed()).isTrue();
    });
  }

  @Test
  void shouldGiveACollapseFlagTheUsersCurrencyOnlyWhenTheUserHasOne() {
    start();
    // Given a user seen only in searches (no priced event: the scores carry currency.default) and one who viewed a
    // priced product, both scored 80
    scorer.next.add(80.0);
    harness.click(search("s1", "unpriced", T0, "lamp"));
    harness.driver.advanceWallClockTime(INTERVAL);
    scoredEvent("v1", "priced", T0.plusSeconds(1), 80.0);
    // When both fall to 40 a day later
    scorer.next.add(40.0);
    harness.click(search("s2", "unpriced", T0.plus(Duration.ofDays(1)), "lamp"));
    harness.driver.advanceWallClockTime(INTERVAL);
    scoredEvent("v2", "priced", T0.plus(Duration.ofDays(1)).plusSeconds(1), 40.0);
    // Then the scores carry the default currency, but only the priced user's flag names a currency, as the event
    // rules' flags do
    assertThat(harness.scores.readValuesToList()).extracting(UserScore::getCurrency).containsOnly("GBP");
    assertThat(harness.flags()).extracting(RiskFlag::getUserId, RiskFlag::getCurrency).containsExactly(
        org.assertj.core.groups.Tuple.tuple("unpriced", null), org.assertj.core.groups.Tuple.tuple("priced", "GBP"));
  }

  @Test
  void shouldCompareOnlyWithScoresInsideTheWindow() {
    start();
    // Given two users scored 80
    scoredEvent("a1", "inside", T0, 80.0);
    scoredEvent("b1", "outside", T0, 80.0);
    // When both fall to 40, one 7 days later (the peak is still in the window), one 7 days and 1 minute later
    scoredEvent("a2", "inside", T0.plus(Duration.ofDays(7)), 40.0);
    scoredEvent("b2", "outside", T0.plus(Duration.ofDays(7)).plusSeconds(60), 40.0);
    // Then only the first is flagged
    assertThat(harness.flags()).extracting(RiskFlag::getUserId).containsExactly("inside");
  }

  @Test
  void shouldFlagAFurtherFallOnlyWhenItRaisesTheSeverity() {
    start();
    // Given a user at 90 who falls to 60 (30 points: LOW) and then to 40 (50 points: still LOW, in the cooldown)
    scoredEvent("e1", "u", T0, 90.0);
    scoredEvent("e2", "u", T0.plus(Duration.ofHours(1)), 60.0);
    scoredEvent("e3", "u", T0.plus(Duration.ofHours(2)), 40.0);
    // When it falls to 29 (61 points: twice the threshold, MEDIUM)
    scoredEvent("e4", "u", T0.plus(Duration.ofHours(3)), 29.0);
    // Then two flags: LOW at 60 and MEDIUM at 29
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId, RiskFlag::getSeverity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("e2", RiskSeverity.LOW),
            org.assertj.core.groups.Tuple.tuple("e4", RiskSeverity.MEDIUM));
  }

  @Test
  void shouldNotJudgeARefreshedScoreThoughItFallsFarBelowThePeak() {
    start();
    // Given a user scored 80 on an event
    scoredEvent("e1", "idle", T0, 80.0);

    // When the user stays idle and the score is refreshed a day later (default scoring.refresh.age.ms) at 40
    scorer.next.add(40.0);
    harness.driver.advanceWallClockTime(Duration.ofDays(1).plusMinutes(1));
    harness.driver.advanceWallClockTime(INTERVAL);

    // Then the refreshed score is sent, for the same triggering event, but a fall by ageing is no collapse
    var out = harness.scores.readRecordsToList();
    assertThat(out).extracting(r -> r.value().getScore()).containsExactly(80.0, 40.0);
    assertThat(out.get(1).value().getTriggeringEventId()).isEqualTo("e1");
    assertThat(RefreshedScores.isRefresh(out.get(1).headers())).isTrue();
    assertThat(harness.flags()).isEmpty();
  }

  @Test
  void shouldRememberTheWeeksPeakThroughHundredsOfLaterScores() {
    start();
    // Given an active user scored 90, then 250 times 65 over the next 30 minutes (more scores than are kept)
    scoredEvent("peak", "busy", T0, 90.0);
    for (int i = 1; i <= 250; i++) {
      scoredEvent("e" + i, "busy", T0.plusMillis(i * 7_200L), 65.0);
    }
    assertThat(harness.flags()).isEmpty();
    // When the score falls to 55 (35 below the peak, 10 below the recent scores)
    scoredEvent("low", "busy", T0.plus(Duration.ofMinutes(31)), 55.0);
    // Then it is a collapse from the peak of 90, and the memory holds one point per slot, not one per score
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("low");
    assertThat(flags.get(0).getEvidence()).anySatisfy(e -> {
      assertThat(e.getMetric()).isEqualTo("score_drop");
      assertThat(e.getValue()).isEqualTo(35.0);
    });
    assertThat(harness.riskState("busy").getScores()).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void shouldNotCompareAScoreWithTheScoresOfAnotherModelVersion() {
    start();
    // Given a user scored 80 by model-a
    scorer.version = "model-a";
    scoredEvent("e1", "u", T0, 80.0);
    // When a retrained model-b scores the next event 45 (35 points lower, on another scale)
    scorer.version = "model-b";
    scoredEvent("e2", "u", T0.plus(Duration.ofHours(1)), 45.0);
    // Then no flag, and only model-b's score is remembered
    assertThat(harness.flags()).isEmpty();
    assertThat(harness.riskState("u").getScores()).extracting(p -> p.getModelVersion()).containsExactly("model-b");
    // When model-b's own score then falls to 10
    scoredEvent("e3", "u", T0.plus(Duration.ofHours(2)), 10.0);
    // Then that is a collapse (35 below model-b's 45)
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId, RiskFlag::getModelVersion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("e3", "model-b"));
  }

  @Test
  void shouldMeasureADropAfterAnIdleSpellFromTheRefreshedScore() {
    start();
    // Given a user scored 80 on an event, then idle: the refresh a day later ages the score to 60
    scoredEvent("e1", "back", T0, 80.0);
    scorer.next.add(60.0);
    harness.driver.advanceWallClockTime(Duration.ofDays(1).plusMinutes(1));
    harness.driver.advanceWallClockTime(INTERVAL);
    assertThat(harness.scores.readValuesToList()).extracting(UserScore::getScore).containsExactly(80.0, 60.0);
    // When the user returns two days later and the first event scores 45 (15 below the aged score, 35 below 80)
    scoredEvent("e2", "back", T0.plus(Duration.ofDays(2)), 45.0);
    // Then the ageing carried by that first event is no collapse
    assertThat(harness.flags()).isEmpty();
    // When the next event scores 30 (30 below the aged 60)
    scoredEvent("e3", "back", T0.plus(Duration.ofDays(2)).plusSeconds(60), 30.0);
    // Then that is one
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("e3");
  }

  /** A model that answers the next scripted score for each user it scores, in order. */
  private static final class ScriptedScorer implements UserScorer {
    final Deque<Double> next = new ArrayDeque<>();
    volatile String version = "scripted-1";
    private final FakeScorer spec = new FakeScorer();

    @Override
    public synchronized List<Prediction> score(float[][] features) {
      List<Prediction> out = new ArrayList<>();
      for (int i = 0; i < features.length; i++) {
        double score = next.removeFirst();
        out.add(new Prediction(1.0, 3.0, score / 100.0, score, score >= 75 ? "HIGH" : "LOW"));
      }
      return out;
    }

    @Override
    public FeatureSpec featureSpec() {
      return spec.featureSpec();
    }

    @Override
    public String modelVersion() {
      return version;
    }

    @Override
    public String encoderId() {
      return HashingEncoder.ID;
    }
  }
}
