package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.features.FeatureSpec;
import io.ppscore.model.Prediction;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.RiskSeverity;
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

  /** A model that answers the next scripted score for each user it scores, in order. */
  private static final class ScriptedScorer implements UserScorer {
    final Deque<Double> next = new ArrayDeque<>();
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
      return "scripted-1";
    }

    @Override
    public String encoderId() {
      return HashingEncoder.ID;
    }
  }
}
