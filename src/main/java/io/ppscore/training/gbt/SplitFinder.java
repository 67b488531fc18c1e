package io.ppscore.training.gbt;

import java.util.Arrays;

/**
 * Finds the best split of a node from per-feature gradient/hessian histograms, with XGBoost's second-order
 * gain {@code 1/2 [GL^2/(HL+l2) + GR^2/(HR+l2) - G^2/(H+l2)]}. Features and bins are scanned in order and
 * only a strictly larger gain wins, so ties resolve to the lowest feature and bin: training is deterministic.
 */
final class SplitFinder {

  private final byte[][] codes;
  private final BinCuts cuts;
  private final double l2;
  private final int minSamplesLeaf;
  private final double[] gradHist = new double[GbtParams.MAX_BINS_LIMIT];
  private final double[] hessHist = new double[GbtParams.MAX_BINS_LIMIT];
  private final int[] countHist = new int[GbtParams.MAX_BINS_LIMIT];

  SplitFinder(byte[][] codes, BinCuts cuts, GbtParams params) {
    this.codes = codes;
    this.cuts = cuts;
    this.l2 = params.l2();
    this.minSamplesLeaf = params.minSamplesLeaf();
  }

  /** The best split of {@code rows[from..to)} with positive gain, or null when there is none. */
  Split best(int[] rows, int from, int to, double[] g, double[] h, double gSum, double hSum) {
    double parentScore = score(gSum, hSum);
    int total = to - from;
    Split best = null;
    double bestGain = 0;
    for (int f = 0; f < codes.length; f++) {
      int bins = cuts.binCount(f);
      fillHistograms(codes[f], bins, rows, from, to, g, h);
      double gLeft = 0;
      double hLeft = 0;
      int countLeft = 0;
      for (int b = 0; b < bins - 1 && total - countLeft >= minSamplesLeaf; b++) {
        gLeft += gradHist[b];
        hLeft += hessHist[b];
        countLeft += countHist[b];
        if (countLeft < minSamplesLeaf || total - countLeft < minSamplesLeaf) {
          continue;
        }
        double gain = 0.5 * (score(gLeft, hLeft) + score(gSum - gLeft, hSum - hLeft) - parentScore);
        if (gain > bestGain) {
          bestGain = gain;
          best = new Split(f, b, cuts.threshold(f, b), gain);
        }
      }
    }
    return best;
  }

  private void fillHistograms(byte[] column, int bins, int[] rows, int from, int to, double[] g, double[] h) {
    Arrays.fill(gradHist, 0, bins, 0.0);
    Arrays.fill(hessHist, 0, bins, 0.0);
    Arrays.fill(countHist, 0, bins, 0);
    for (int k = from; k < to; k++) {
      int r = rows[k];
      int b = column[r] & 0xFF;
      gradHist[b] += g[r];
      hessHist[b] += h[r];
      countHist[b]++;
    }
  }

  private double score(double gSum, double hSum) {
    double denominator = hSum + l2;
    return denominator > 0 ? gSum * gSum / denominator : 0;
  }
}
