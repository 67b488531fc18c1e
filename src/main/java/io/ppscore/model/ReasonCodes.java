package io.ppscore.model;

import io.ppscore.features.FeatureGroups;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a batch of users and explains each score from the model itself: for every feature group
 * ({@link FeatureGroups}) the user's features of that group are replaced by the typical user's
 * ({@link UserScorer#referenceFeatures()}) and the row is scored again, all rows in the same single
 * {@link UserScorer#score} call (users × (1 + groups) rows). The groups whose replacement changes the score
 * most, by at least {@link #MIN_SCORE_CHANGE} points, are the reasons, at most {@link #MAX_REASONS}, largest
 * first, each phrased with the user's own values and whether it raises or lowers the score compared with
 * the typical user; a what-if row with a non-finite prediction is skipped. For a user who never ordered, the
 * groups of order counts, spends, order values and (when none) cancellations are no reasons: they can only
 * read 0 there, and "Has never ordered" of the recency group speaks for the missing orders (their what-if
 * rows are still scored); for a user without any product text (every text feature 0), the product-profile group
 * is no reason. Without a reference user the batch is scored as is and carries no reasons.
 */
public final class ReasonCodes {

  /** At most this many reasons per score. */
  public static final int MAX_REASONS = 3;
  /** A group must move the score (0-100) by at least this much to be a reason. */
  public static final double MIN_SCORE_CHANGE = 0.5;

  /** A prediction and its reasons, most important first. */
  public record Explained(Prediction prediction, List<String> reasons) {
  }

  private final UserScorer scorer;
  private final float[] reference;
  private final int[][] groups;
  private final List<String> names;

  private ReasonCodes(UserScorer scorer, float[] reference) {
    this.scorer = scorer;
    this.reference = reference;
    this.names = scorer.featureSpec().names();
    this.groups = reference == null ? new int[0][] : FeatureGroups.indices(names);
    if (reference != null && reference.length != names.size()) {
      throw new IllegalArgumentException("the reference user has " + reference.length + " features, the model "
          + names.size());
    }
  }

  /** Reason codes against {@code scorer}'s reference user; none when it has no reference. */
  public static ReasonCodes of(UserScorer scorer) {
    return new ReasonCodes(scorer, scorer.referenceFeatures().orElse(null));
  }

  /** Model rows scored per user: 1, plus one per feature group when reasons are on. */
  public int rowsPerUser() {
    return 1 + groups.length;
  }

  /** True if scores get reasons (the model has a reference user). */
  public boolean enabled() {
    return reference != null;
  }

  /**
   * One explained prediction per row of {@code features}, from one {@link UserScorer#score} call.
   *
   * @param currencies the currency of each user's amounts, for the phrases
   */
  public List<Explained> score(float[][] features, List<String> currencies) {
    if (features.length == 0) {
      return List.of();
    }
    int width = 1 + groups.length;
    float[][] rows = new float[features.length * width][];
    for (int u = 0; u < features.length; u++) {
      rows[u * width] = features[u];
      for (int g = 0; g < groups.length; g++) {
        float[] replaced = features[u].clone();
        for (int i : groups[g]) {
          replaced[i] = reference[i];
        }
        rows[u * width + 1 + g] = replaced;
      }
    }
    List<Prediction> predictions = scorer.score(rows);
    if (predictions.size() != rows.length) {
      throw new IllegalStateException("the scorer returned " + predictions.size() + " predictions for " + rows.length + " rows");
    }
    List<Explained> out = new ArrayList<>(features.length);
    for (int u = 0; u < features.length; u++) {
      Prediction base = predictions.get(u * width);
      out.add(new Explained(base, reasons(features[u], base, predictions.subList(u * width + 1, (u + 1) * width),
          currencies.get(u))));
    }
    return out;
  }

  private List<String> reasons(float[] user, Prediction base, List<Prediction> replaced, String currency) {
    Map<String, Float> values = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      values.put(names.get(i), user[i]);
    }
    List<int[]> moved = new ArrayList<>();
    double[] deltas = new double[groups.length];
    for (int g = 0; g < groups.length; g++) {
      deltas[g] = base.score() - replaced.get(g).score();
      if (groups[g].length > 0 && isFinite(replaced.get(g)) && Math.abs(deltas[g]) >= MIN_SCORE_CHANGE
          && FeatureGroups.all().get(g).speaks().test(values)) {
        moved.add(new int[] {g});
      }
    }
    moved.sort(Comparator.comparingDouble((int[] g) -> -Math.abs(deltas[g[0]])).thenComparingInt(g -> g[0]));
    List<String> reasons = new ArrayList<>();
    for (int[] g : moved.subList(0, Math.min(MAX_REASONS, moved.size()))) {
      FeatureGroups.Group group = FeatureGroups.all().get(g[0]);
      reasons.add(group.phrase().render(values, currency) + (deltas[g[0]] > 0 ? " (raises score)" : " (lowers score)"));
    }
    return List.copyOf(reasons);
  }

  /**
   * A what-if row the model gave a non-finite spend or score says nothing about the group it replaced (an
   * infinite spend would score 100 and rank first): that row is skipped, the user's other reasons stand.
   */
  private static boolean isFinite(Prediction p) {
    return Double.isFinite(p.score()) && Double.isFinite(p.spend90());
  }
}
