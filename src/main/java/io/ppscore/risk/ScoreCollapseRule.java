package io.ppscore.risk;

import io.ppscore.output.avro.UserScore;
import io.ppscore.state.avro.RiskScorePoint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Score collapse: a new purchasing-power score at least {@code risk.score.collapse.points} below the
 * user's highest score of the same model version whose triggering event lies within
 * {@code risk.score.collapse.window.ms} before this one's. Evaluated on the scores the scoring node
 * produces, so it never fires without a model. The excess is drop / threshold. Refreshed scores are not
 * judged, but replace what is remembered ({@link RiskEngine#onRefresh}), so a drop after an idle spell is
 * measured from the aged score; {@link ScoreMemory} says what is remembered and why.
 *
 * <p>Rationale: predicted spend that falls off a cliff in days (after reversals, or a change of
 * behaviour on the account) is worth a look before extending credit or shipping on invoice.
 */
final class ScoreCollapseRule {

  private final RiskSettings settings;

  ScoreCollapseRule(RiskSettings settings) {
    this.settings = settings;
  }

  /** The finding for {@code score} given the user's earlier {@code scores} of its model (any order), else empty. */
  Optional<RiskCandidate> evaluate(UserScore score, List<RiskScorePoint> scores) {
    long t = score.getTriggeringEventTime().toEpochMilli();
    long from = t - settings.scoreCollapseWindow().toMillis();
    Optional<RiskScorePoint> peak = scores.stream()
        .filter(p -> p.getTime().toEpochMilli() >= from && p.getTime().toEpochMilli() <= t)
        .max((a, b) -> Double.compare(a.getScore(), b.getScore()));
    if (peak.isEmpty()) {
      return Optional.empty();
    }
    double drop = peak.get().getScore() - score.getScore();
    if (drop < settings.scoreCollapsePoints()) {
      return Optional.empty();
    }
    double windowDays = settings.scoreCollapseWindow().toMillis() / 86_400_000.0;
    var evidence = new RiskCandidate.Evidence()
        .compared("score_drop", drop, settings.scoreCollapsePoints())
        .context("score", score.getScore())
        .context("peak_score", peak.get().getScore())
        .context("window_days", windowDays);
    String summary = String.format(Locale.ROOT, "Score fell %.1f points, from %.1f to %.1f (tier %s) within %.1f days"
        + " (threshold %.1f points)", drop, peak.get().getScore(), score.getScore(), score.getTier(), windowDays,
        settings.scoreCollapsePoints());
    return Optional.of(new RiskCandidate(RiskRuleId.SCORE_COLLAPSE, drop / settings.scoreCollapsePoints(), summary,
        evidence.list()));
  }
}
