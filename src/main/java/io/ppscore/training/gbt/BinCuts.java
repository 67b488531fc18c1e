package io.ppscore.training.gbt;

import java.util.Arrays;

/**
 * Per-feature histogram cut points, computed once from the training data at quantiles of its values.
 *
 * <p>Each cut is a float strictly above one training value and at most the next, so {@code x < cut} separates
 * them. The bin of a value is the number of cuts at or below it, hence {@code bin(x) <= b} exactly when
 * {@code x < cut[b]}: training on bins and predicting with float thresholds take the same branches.
 */
final class BinCuts {

  private final float[][] cuts;

  private BinCuts(float[][] cuts) {
    this.cuts = cuts;
  }

  /** Computes at most {@code maxBins - 1} cuts per feature from the (NaN-free) rows of {@code x}. */
  static BinCuts fit(float[][] x, int maxBins) {
    int features = x[0].length;
    float[][] cuts = new float[features][];
    float[] column = new float[x.length];
    for (int f = 0; f < features; f++) {
      for (int i = 0; i < x.length; i++) {
        column[i] = x[i][f];
      }
      Arrays.sort(column);
      cuts[f] = QuantileCuts.of(column, maxBins);
    }
    return new BinCuts(cuts);
  }

  /** Bin codes, column-major ({@code [feature][row]}), one unsigned byte each. */
  byte[][] binColumns(float[][] x) {
    byte[][] codes = new byte[cuts.length][x.length];
    for (int f = 0; f < cuts.length; f++) {
      for (int i = 0; i < x.length; i++) {
        codes[f][i] = (byte) bin(f, x[i][f]);
      }
    }
    return codes;
  }

  /** The number of cuts at or below {@code value}. */
  int bin(int feature, float value) {
    float[] c = cuts[feature];
    int lo = 0;
    int hi = c.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (c[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The threshold of the split that sends bins {@code 0..bin} left: {@code x < threshold(f, bin)}. */
  float threshold(int feature, int bin) {
    return cuts[feature][bin];
  }

  /** Number of bins of a feature (cuts + 1). */
  int binCount(int feature) {
    return cuts[feature].length + 1;
  }

  int featureCount() {
    return cuts.length;
  }
}
