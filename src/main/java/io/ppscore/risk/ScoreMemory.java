package io.ppscore.risk;

import io.ppscore.state.avro.RiskScorePoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The scores score collapse remembers for one user: bounded, yet never forgetting the window's peak.
 *
 * <p>Why slots: keeping the last {@link #MAX_SCORES} scores forgot the peak of an active user (scored every
 * few seconds, 200 scores last about 20 minutes of a 7-day window). Instead the window is cut into slots of
 * window / ({@link #MAX_SCORES} - 1), and each slot keeps only its highest score (with that score's own
 * time): at most {@link #MAX_SCORES} points cover any window, and the highest score of the window is always
 * among them. The cost is at the old edge of the window: a slot's lower, later scores are not kept, so for
 * at most one slot (about 50 minutes of 7 days) a lower score is forgotten before it leaves the window.
 *
 * <p>Why one model: scores of different model versions are on different scales, so a retrain is no
 * collapse. Points of another model are dropped when a score of a new model arrives; points without a
 * version (written by a build that did not record it) count as another model.
 */
final class ScoreMemory {

  /** Most points kept. */
  static final int MAX_SCORES = 200;

  private ScoreMemory() {
  }

  /** The points of {@code points} computed by {@code modelVersion}. */
  static List<RiskScorePoint> ofModel(List<RiskScorePoint> points, String modelVersion) {
    return points.stream().filter(p -> Objects.equals(p.getModelVersion(), modelVersion)).toList();
  }

  /**
   * The points to keep once {@code point} is scored: those of its model within {@code window} before it,
   * and {@code point} in its slot, unless that slot already holds a score at least as high; oldest first.
   */
  static List<RiskScorePoint> remember(List<RiskScorePoint> points, RiskScorePoint point, Duration window) {
    long t = point.getTime().toEpochMilli();
    long from = t - window.toMillis();
    long slot = slotMillis(window);
    List<RiskScorePoint> kept = new ArrayList<>();
    boolean covered = false;
    for (RiskScorePoint p : ofModel(points, point.getModelVersion())) {
      long pt = p.getTime().toEpochMilli();
      if (pt < from) {
        continue;
      }
      if (Math.floorDiv(pt, slot) == Math.floorDiv(t, slot)) {
        if (p.getScore() >= point.getScore()) {
          covered = true;
          kept.add(p);
        }
        // else: the new point is the slot's higher score and replaces it
      } else {
        kept.add(p);
      }
    }
    if (!covered) {
      kept.add(point);
    }
    kept.sort(Comparator.comparing(RiskScorePoint::getTime));
    // Only late scores (older than points already kept) can span more than one window of slots.
    while (kept.size() > MAX_SCORES) {
      kept.remove(0);
    }
    return kept;
  }

  /** What the user's memory becomes after a refreshed score: that score alone (see {@link RiskEngine#onRefresh}). */
  static List<RiskScorePoint> replacedBy(RiskScorePoint refreshed) {
    return new ArrayList<>(List.of(refreshed));
  }

  /** Slot width: window / (MAX_SCORES - 1), rounded up, so any window meets at most MAX_SCORES slots. */
  static long slotMillis(Duration window) {
    return Math.max(1, -Math.floorDiv(-window.toMillis(), MAX_SCORES - 1));
  }
}
