package io.ppscore.training;

/**
 * The level of each training cut-off's label window: how much more (or less) its users spent, or how many
 * more of them bought, than the model's features explain. Two things no per-user feature sees move it: the
 * trading calendar (the autumn peak, the quiet weeks after Christmas) and the start of the data (users at an
 * early cut-off have only a few months of history, so their yearly and lifetime figures understate them).
 * Both models are therefore fitted with each window's level as a fixed offset ({@link #offsets}): the trees
 * learn who spends and buys more, not when everyone does.
 *
 * <p>Spend levels are natural logs of actual over predicted totals; purchase levels are differences of the
 * log-odds of the actual and the mean predicted purchase rate.
 */
final class WindowLevels {

  private WindowLevels() {
  }

  /** Per window, log(sum of actual / sum of predicted) over its rows; row i belongs to window {@code windowOfRow[i]}. */
  static double[] spendLevels(int[] windowOfRow, int windows, double[] actual, double[] predicted) {
    double[] sumActual = sums(windowOfRow, windows, actual);
    double[] sumPredicted = sums(windowOfRow, windows, predicted);
    double[] levels = new double[windows];
    for (int w = 0; w < windows; w++) {
      if (sumPredicted[w] == 0 && sumActual[w] == 0) {
        continue; // a window without rows has no level to learn
      }
      if (!(sumPredicted[w] > 0)) {
        throw new IllegalArgumentException("predicted spend of window " + w + " must be positive, was " + sumPredicted[w]);
      }
      // a window in which nobody bought anything has no level to learn: keep the model's own
      levels[w] = sumActual[w] > 0 ? Math.log(sumActual[w] / sumPredicted[w]) : 0.0;
    }
    return levels;
  }

  /**
   * Per window, logit(actual purchase rate) - logit(mean predicted probability) over its rows (an
   * approximation of the log-odds shift, good enough for an offset); 0 for a window without rows or without
   * buyers, which has no level to learn.
   */
  static double[] purchaseLevels(int[] windowOfRow, int windows, double[] bought, double[] probability) {
    double[] buyers = sums(windowOfRow, windows, bought);
    double[] expected = sums(windowOfRow, windows, probability);
    double[] rows = sums(windowOfRow, windows, null);
    double[] levels = new double[windows];
    for (int w = 0; w < windows; w++) {
      levels[w] = rows[w] == 0 || buyers[w] == 0 || buyers[w] == rows[w] ? 0.0
          : logit(buyers[w] / rows[w]) - logit(expected[w] / rows[w]);
    }
    return levels;
  }

  /**
   * The exact log-odds shift d that makes the mean of sigmoid(raw + d) over {@code raw} equal {@code rate}
   * (bisection; the mean is increasing in d): moves a purchase model to one window's purchase rate. 0 for a
   * rate of 0 or 1: like {@link #purchaseLevels}, a window where nobody (or everybody) bought has no level.
   */
  static double purchaseShift(double[] raw, double rate) {
    if (raw.length == 0) {
      throw new IllegalArgumentException("no rows to calibrate on");
    }
    if (rate <= 0 || rate >= 1) {
      return 0.0;
    }
    double target = Math.min(Math.max(rate, 1e-6), 1 - 1e-6);
    // the mean of sigmoid(raw + d) lies between sigmoid(min + d) and sigmoid(max + d): the root is in this bracket
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double r : raw) {
      min = Math.min(min, r);
      max = Math.max(max, r);
    }
    double lo = logit(target) - max;
    double hi = logit(target) - min;
    for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
      double mid = (lo + hi) / 2;
      double mean = 0;
      for (double r : raw) {
        mean += 1 / (1 + Math.exp(-(r + mid)));
      }
      if (mean / raw.length < target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /**
   * Row offsets: each row's window level minus the row-weighted mean level, so that the model's base score
   * stays that of all windows together.
   */
  static double[] offsets(int[] windowOfRow, double[] levels) {
    double mean = 0;
    for (int w : windowOfRow) {
      mean += levels[w];
    }
    mean /= Math.max(1, windowOfRow.length);
    double[] offsets = new double[windowOfRow.length];
    for (int i = 0; i < windowOfRow.length; i++) {
      offsets[i] = levels[windowOfRow[i]] - mean;
    }
    return offsets;
  }

  private static double[] sums(int[] windowOfRow, int windows, double[] values) {
    double[] sums = new double[windows];
    for (int i = 0; i < windowOfRow.length; i++) {
      sums[windowOfRow[i]] += values == null ? 1.0 : values[i];
    }
    return sums;
  }

  private static double logit(double p) {
    double q = Math.min(Math.max(p, 1e-6), 1 - 1e-6);
    return Math.log(q / (1 - q));
  }
}
