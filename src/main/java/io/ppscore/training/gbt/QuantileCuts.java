package io.ppscore.training.gbt;

import java.util.Arrays;

/** Chooses the cut points of one feature from its sorted values. */
final class QuantileCuts {

  private QuantileCuts() {
  }

  /**
   * Cuts between consecutive distinct values when there are at most {@code maxBins} of them, otherwise at
   * the {@code q / maxBins} quantiles (cuts that coincide are merged).
   */
  static float[] of(float[] sorted, int maxBins) {
    int n = sorted.length;
    float[] distinct = new float[n];
    int[] atOrBelow = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      // == (not Float.compare) so that -0.0 and 0.0, which every comparison treats alike, share a bin
      if (m == 0 || sorted[i] != distinct[m - 1]) {
        distinct[m++] = sorted[i];
      }
      atOrBelow[m - 1] = i + 1;
    }
    float[] cuts = new float[Math.min(m, maxBins) - 1];
    if (m <= maxBins) {
      for (int d = 0; d < m - 1; d++) {
        cuts[d] = between(distinct[d], distinct[d + 1]);
      }
      return cuts;
    }
    int count = 0;
    int d = 0;
    for (int q = 1; q < maxBins; q++) {
      long rank = (long) q * n / maxBins;
      while (d < m - 1 && atOrBelow[d] < rank) {
        d++;
      }
      if (d == m - 1) {
        break;
      }
      // cuts of consecutive distinct values are strictly increasing, so only a repeated d repeats a cut
      float cut = between(distinct[d], distinct[d + 1]);
      if (count == 0 || cut > cuts[count - 1]) {
        cuts[count++] = cut;
      }
    }
    return Arrays.copyOf(cuts, count);
  }

  /** The midpoint rounded to float, or {@code hi} when rounding lands on {@code lo}: always lo < cut <= hi. */
  static float between(float lo, float hi) {
    float mid = (float) (((double) lo + (double) hi) * 0.5);
    return mid > lo && mid <= hi ? mid : hi;
  }
}
