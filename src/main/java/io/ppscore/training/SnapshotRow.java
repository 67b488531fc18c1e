package io.ppscore.training;

import java.util.List;

/**
 * One user at one cut-off: features strictly before it, labels from after it.
 *
 * @param numeric the numeric features ({@code NumericFeatures}) at the cut-off
 * @param boughtText mean embedding of purchased titles weighted by spend, or null
 * @param browsedText mean embedding of viewed or searched texts, or null
 * @param orders the placed orders before the cut-off (time, gross value), for the classic baselines
 * @param labels gross spend in {@code [cutoff, cutoff + H)} for each horizon of the backfill, in order
 * @param currency the user's currency (of their first amount, else the backfill's default), or null when unknown
 */
public record SnapshotRow(String userId, float[] numeric, float[] boughtText, float[] browsedText,
    List<PastOrder> orders, double[] labels, String currency) {

  /** A row whose currency is not known. */
  public SnapshotRow(String userId, float[] numeric, float[] boughtText, float[] browsedText, List<PastOrder> orders,
      double[] labels) {
    this(userId, numeric, boughtText, browsedText, orders, labels, null);
  }

  /** A placed order before the cut-off. */
  public record PastOrder(long timeMs, double grossValue) {
  }
}
