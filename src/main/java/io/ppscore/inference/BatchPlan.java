package io.ppscore.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits texts sorted by token count into model runs. A run pads every row to its longest, so the encoder
 * computes {@code rows x longest} tokens; one run over texts of mixed lengths wastes much of its work on
 * padding, while very many runs pay the fixed cost of a run each. The plan minimises
 * {@code sum over runs of (runOverheadTokens + rows x longest)} with at most {@code maxRows} rows per run, by
 * dynamic programming over the split points (the sorted order makes each run's longest its last row).
 *
 * <p>This matters for the streaming app: a scoring run embeds a few dozen new texts of mixed lengths at a
 * time, where cutting them in batch-size chunks padded most rows to the longest title.
 */
final class BatchPlan {

  /**
   * The fixed cost of one model run, in tokens of work: measured with {@code EncoderRunCost} on the bundled
   * MiniLM on 2 cores (one intra-op thread), a run of one short title takes 4.6 ms where each title of
   * about 12 tokens adds 2 ms to a larger run, so a run's fixed cost is worth about 16 tokens. 0 would run
   * each distinct length alone.
   */
  static final int RUN_OVERHEAD_TOKENS = 16;

  private BatchPlan() {
  }

  /** One model run: rows {@code [from, to)} of the sorted texts, padded to {@code longest} tokens. */
  record Run(int from, int to, int longest) {
    int rows() {
      return to - from;
    }
  }

  /**
   * The cheapest runs over {@code sortedLengths} (token counts, ascending).
   *
   * @throws IllegalArgumentException if the lengths are not ascending or {@code maxRows} is not positive
   */
  static List<Run> of(int[] sortedLengths, int maxRows, int runOverheadTokens) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
    }
    int n = sortedLengths.length;
    for (int i = 1; i < n; i++) {
      if (sortedLengths[i] < sortedLengths[i - 1]) {
        throw new IllegalArgumentException("lengths must be ascending; position " + i + " has "
            + sortedLengths[i] + " after " + sortedLengths[i - 1]);
      }
    }
    long[] cost = new long[n + 1];
    int[] start = new int[n + 1];
    for (int end = 1; end <= n; end++) {
      cost[end] = Long.MAX_VALUE;
      long longest = sortedLengths[end - 1];
      for (int from = Math.max(0, end - maxRows); from < end; from++) {
        long c = cost[from] + runOverheadTokens + (end - from) * longest;
        if (c < cost[end]) { // strict: among equal costs the longest run (smallest from) wins
          cost[end] = c;
          start[end] = from;
        }
      }
    }
    List<Run> runs = new ArrayList<>();
    for (int end = n; end > 0; end = start[end]) {
      runs.add(new Run(start[end], end, sortedLengths[end - 1]));
    }
    Collections.reverse(runs);
    return runs;
  }
}
