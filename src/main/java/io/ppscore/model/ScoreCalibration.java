package io.ppscore.model;

import java.util.List;

/**
 * Turns a predicted 90-day spend into a 0-100 score, its percentile in the training population
 * (linearly interpolated between the stored percentiles), and the score into a tier.
 */
public final class ScoreCalibration {

  private final double[] percentiles;
  private final List<ModelManifest.ScoreBand> bands;

  public ScoreCalibration(List<Double> percentiles, List<ModelManifest.ScoreBand> bands) {
    if (percentiles.size() != 101) {
      throw new IllegalArgumentException("calibration needs 101 percentiles (0..100), got " + percentiles.size());
    }
    this.percentiles = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
    for (int i = 1; i < this.percentiles.length; i++) {
      if (this.percentiles[i] < this.percentiles[i - 1]) {
        throw new IllegalArgumentException("calibration percentiles must not decrease (at " + i + ")");
      }
    }
    this.bands = List.copyOf(bands);
    checkBands(this.bands);
  }

  /**
   * The bands start at 0 and their minimum scores rise strictly up to at most 100, each with a tier name:
   * {@link #tier} takes the last band reached, so bands out of order would put a score in a lower tier than
   * its band (LOW 0, HIGH 75, MEDIUM 40: 80 was MEDIUM). A missing minScore reads as 0, so it is refused
   * anywhere but first, where 0 is the required value.
   */
  private static void checkBands(List<ModelManifest.ScoreBand> bands) {
    if (bands.isEmpty() || bands.get(0).minScore() != 0.0) {
      throw new IllegalArgumentException("score bands must start at score 0");
    }
    for (int i = 0; i < bands.size(); i++) {
      ModelManifest.ScoreBand band = bands.get(i);
      if (band.tier() == null || band.tier().isBlank()) {
        throw new IllegalArgumentException("score band " + i + " has no tier name");
      }
      double min = band.minScore();
      if (i > 0 && !(min > bands.get(i - 1).minScore() && min <= 100)) {
        throw new IllegalArgumentException("score bands' minScore must rise strictly from 0 to at most 100 (a missing "
            + "one reads as 0), got " + band.tier() + " " + min + " after " + bands.get(i - 1).tier() + " "
            + bands.get(i - 1).minScore());
      }
    }
  }

  /**
   * The score of {@code spend}: 0 below the minimum, 100 above the maximum, linear between neighbouring
   * percentiles. A spend equal to a run of equal percentiles (many users predicted alike) takes the middle
   * of the run, at the ends of the table too: with percentiles 0..30 all equal to v, v scores 15. A spend that
   * is not a number has no percentile: its score is NaN too (every comparison with it is false, so the search
   * below would run off the table), left to the caller to refuse for that user alone.
   */
  public double score(double spend) {
    if (Double.isNaN(spend)) {
      return Double.NaN;
    }
    if (spend < percentiles[0]) {
      return 0.0;
    }
    if (spend > percentiles[100]) {
      return 100.0;
    }
    int hi = 0;
    while (percentiles[hi] < spend) {
      hi++;
    }
    if (percentiles[hi] == spend) {
      int top = hi;
      while (top < 100 && percentiles[top + 1] == spend) {
        top++;
      }
      return (hi + top) / 2.0;
    }
    double fraction = (spend - percentiles[hi - 1]) / (percentiles[hi] - percentiles[hi - 1]);
    return hi - 1 + fraction;
  }

  /**
   * The tier of {@code score}: the band with the highest minimum not above it (the bands rise strictly, checked
   * at construction); the first band's for a score below 0 or NaN.
   */
  public String tier(double score) {
    String tier = bands.get(0).tier();
    for (ModelManifest.ScoreBand band : bands) {
      if (score >= band.minScore()) {
        tier = band.tier();
      }
    }
    return tier;
  }

  /** The 101 percentiles of {@code values} (nearest-rank on the sorted values). */
  public static List<Double> percentilesOf(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    Double[] p = new Double[101];
    for (int i = 0; i <= 100; i++) {
      p[i] = sorted[(int) Math.round(i / 100.0 * (sorted.length - 1))];
    }
    return List.of(p);
  }
}
