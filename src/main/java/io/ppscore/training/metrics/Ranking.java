package io.ppscore.training.metrics;

import java.util.stream.IntStream;

/**
 * Orderings and ranks. Sorting is stable (equal values, {@code -0.0 == 0.0} included, keep their original
 * index order); metrics that sum values along an ordering use {@link #tieAveraged} so that this index
 * order never changes their result.
 */
final class Ranking {

  private Ranking() {}

  /** Indices by value, highest first; ties in original index order. */
  static int[] descending(double[] values) {
    return sorted(values, -1);
  }

  /** Indices by value, lowest first; ties in original index order. */
  static int[] ascending(double[] values) {
    return sorted(values, 1);
  }

  /** Ascending 1-based ranks; tied values all get the mean of the ranks they span. */
  static double[] averageRanks(double[] values) {
    int[] order = ascending(values);
    double[] ranks = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      while (end + 1 < order.length && values[order[end + 1]] == values[order[start]]) {
        end++;
      }
      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }
      start = end + 1;
    }
    return ranks;
  }

  /**
   * {@code values} with each value replaced by the mean of the values whose {@code keys} equal its key:
   * along an ordering by {@code keys}, a sum over a prefix that cuts through a run of tied keys then
   * counts that run's expected share under a random order of the tie, not whichever users happen to come
   * first in index order. Gini, top share, the gain curve and decile means are linear in the values along
   * the ordering, so with these values they equal their average over all orderings of the ties.
   *
   * @param order indices ordered by {@code keys} (ascending or descending), so tied keys are adjacent
   */
  static double[] tieAveraged(double[] values, double[] keys, int[] order) {
    double[] averaged = new double[values.length];
    int start = 0;
    while (start < order.length) {
      int end = start;
      double sum = values[order[start]];
      while (end + 1 < order.length && keys[order[end + 1]] == keys[order[start]]) {
        end++;
        sum += values[order[end]];
      }
      double mean = sum / (end - start + 1);
      for (int k = start; k <= end; k++) {
        averaged[order[k]] = mean;
      }
      start = end + 1;
    }
    return averaged;
  }

  /**
   * Sums of the first k {@code values} ranked by descending {@code keys}, for k = 0..n, each value replaced
   * by its tie's mean ({@link #tieAveraged}): what Gini, top share and the gain curve sum along.
   */
  static double[] tieAveragedPrefixSums(double[] values, double[] keys) {
    int[] order = descending(keys);
    return prefixSums(tieAveraged(values, keys, order), order);
  }

  /** Sums of the first k values in {@code order}, for k = 0..n (so {@code result[n]} is the total). */
  static double[] prefixSums(double[] values, int[] order) {
    double[] sums = new double[order.length + 1];
    for (int k = 0; k < order.length; k++) {
      sums[k + 1] = sums[k] + values[order[k]];
    }
    return sums;
  }

  // Stream.sorted is stable on an ordered stream; comparing with < and > (not Double.compare) keeps
  // -0.0 and 0.0 tied.
  private static int[] sorted(double[] values, int direction) {
    return IntStream.range(0, values.length).boxed()
        .sorted((i, j) -> direction * compare(values[i], values[j]))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static int compare(double a, double b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
}
