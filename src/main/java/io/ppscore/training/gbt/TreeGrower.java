package io.ppscore.training.gbt;

import java.util.ArrayDeque;
import java.util.Queue;

/** Grows one tree depth-wise (breadth-first) on binned features from gradients and hessians. */
final class TreeGrower {

  private record Pending(int node, int from, int to, int depth) {
  }

  private final byte[][] codes;
  private final GbtParams params;
  private final SplitFinder finder;
  private int[] scratch = new int[0];

  TreeGrower(byte[][] codes, BinCuts cuts, GbtParams params) {
    this.codes = codes;
    this.params = params;
    this.finder = new SplitFinder(codes, cuts, params);
  }

  /** Grows a tree on {@code rows}, an array this method reorders. */
  RegressionTree grow(int[] rows, double[] g, double[] h) {
    if (scratch.length < rows.length) {
      scratch = new int[rows.length];
    }
    TreeBuilder tree = new TreeBuilder();
    double[] sums = sums(rows, 0, rows.length, g, h);
    Queue<Pending> queue = new ArrayDeque<>();
    queue.add(new Pending(tree.addLeaf(leafValue(sums)), 0, rows.length, 0));
    while (!queue.isEmpty()) {
      Pending p = queue.remove();
      if (p.depth() >= params.maxDepth() || p.to() - p.from() < 2 * params.minSamplesLeaf()) {
        continue;
      }
      sums = sums(rows, p.from(), p.to(), g, h);
      Split split = finder.best(rows, p.from(), p.to(), g, h, sums[0], sums[1]);
      if (split == null) {
        continue;
      }
      int mid = partition(rows, p.from(), p.to(), codes[split.feature()], split.bin());
      int left = tree.addLeaf(leafValue(sums(rows, p.from(), mid, g, h)));
      int right = tree.addLeaf(leafValue(sums(rows, mid, p.to(), g, h)));
      tree.split(p.node(), split, left, right);
      queue.add(new Pending(left, p.from(), mid, p.depth() + 1));
      queue.add(new Pending(right, mid, p.to(), p.depth() + 1));
    }
    return tree.build();
  }

  /** Stable partition of {@code rows[from..to)}: bins at most {@code bin} first; returns the boundary. */
  private int partition(int[] rows, int from, int to, byte[] column, int bin) {
    int l = from;
    int r = 0;
    for (int k = from; k < to; k++) {
      int row = rows[k];
      if ((column[row] & 0xFF) <= bin) {
        rows[l++] = row;
      } else {
        scratch[r++] = row;
      }
    }
    System.arraycopy(scratch, 0, rows, l, r);
    return l;
  }

  private float leafValue(double[] sums) {
    double denominator = sums[1] + params.l2();
    return denominator > 0 ? (float) (-params.learningRate() * sums[0] / denominator) : 0f;
  }

  private static double[] sums(int[] rows, int from, int to, double[] g, double[] h) {
    double gSum = 0;
    double hSum = 0;
    for (int k = from; k < to; k++) {
      gSum += g[rows[k]];
      hSum += h[rows[k]];
    }
    return new double[] {gSum, hSum};
  }
}
