package io.ppscore.training.metrics;

import java.util.ArrayList;
import java.util.List;

/** Whether predicted spend matches actual spend within prediction deciles. */
public final class Calibration {

  static final int DECILES = 10;

  private Calibration() {}

  /**
   * Splits users, sorted by ascending prediction, into 10 consecutive groups like numpy's
   * {@code array_split}: every group has {@code n / 10} users and the first {@code n % 10} groups one more.
   * Where a boundary falls inside a group of equal predictions, those users count with the group's mean
   * actual spend (the expected decile mean over every order of the tie), so the input order never matters. Returns one row per group, decile 1 holding the lowest predictions:
   * the data of a calibration chart.
   *
   * @throws IllegalArgumentException on invalid arrays or fewer than 10 users
   */
  public static List<DecileRow> decileTable(double[] predicted, double[] actual) {
    int n = Checks.pair(predicted, actual);
    Checks.require(n >= DECILES, "decile metrics need at least %d users, got %d", DECILES, n);
    int[] order = Ranking.ascending(predicted);
    double[] tieMeans = Ranking.tieAveraged(actual, predicted, order);
    List<DecileRow> rows = new ArrayList<>(DECILES);
    int start = 0;
    for (int d = 0; d < DECILES; d++) {
      int size = n / DECILES + (d < n % DECILES ? 1 : 0);
      double predictedSum = 0;
      double actualSum = 0;
      for (int k = start; k < start + size; k++) {
        predictedSum += predicted[order[k]];
        actualSum += tieMeans[order[k]];
      }
      rows.add(new DecileRow(d + 1, size, predictedSum / size, actualSum / size));
      start += size;
    }
    return List.copyOf(rows);
  }

  /**
   * Mean absolute percentage error over the deciles of {@link #decileTable}: the mean, over deciles, of
   * {@code |meanPredicted - meanActual| / meanActual}. Deciles whose mean actual spend is 0 have no
   * relative error and are skipped (they are left out of the mean, not counted as 0).
   *
   * @throws IllegalArgumentException on invalid arrays, negative {@code actual} or fewer than 10 users
   * @throws UndefinedMetricException when every decile has mean actual spend 0
   */
  public static double decileMape(double[] predicted, double[] actual) {
    List<DecileRow> rows = decileTable(predicted, actual);
    Checks.nonNegative("actual", actual);
    double sum = 0;
    int used = 0;
    for (DecileRow row : rows) {
      if (row.meanActual() > 0) {
        sum += Math.abs(row.meanPredicted() - row.meanActual()) / row.meanActual();
        used++;
      }
    }
    if (used == 0) {
      throw new UndefinedMetricException("decile MAPE is undefined when every decile has mean actual spend 0");
    }
    return sum / used;
  }
}
