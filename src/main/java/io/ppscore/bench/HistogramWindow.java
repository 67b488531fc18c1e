package io.ppscore.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * Percentiles of a timer's recordings between two moments, from its percentile-histogram buckets: the
 * upper bound of the bucket where the percentile falls (so figures are rounded up to the bucket grid,
 * about 10-30 % apart). Micrometer's own percentiles cover a decaying time window, not a bench phase.
 */
public final class HistogramWindow {

  private final Timer timer;
  private final HistogramSnapshot start;

  public HistogramWindow(Timer timer) {
    this.timer = timer;
    this.start = timer.takeSnapshot();
  }

  /** Recordings since this window opened. */
  public long count() {
    return timer.takeSnapshot().count() - start.count();
  }

  /** The {@code p} percentile (0-1) of the recordings since this window opened, in ms; NaN without any. */
  public double percentileMs(double p) {
    HistogramSnapshot now = timer.takeSnapshot();
    long total = now.count() - start.count();
    if (total == 0) {
      return Double.NaN;
    }
    CountAtBucket[] before = start.histogramCounts();
    CountAtBucket[] after = now.histogramCounts();
    double target = Math.ceil(p * total);
    for (int i = 0; i < after.length; i++) {
      double cumulative = after[i].count() - (i < before.length ? before[i].count() : 0);
      if (cumulative >= target) {
        return after[i].bucket(TimeUnit.MILLISECONDS);
      }
    }
    return now.max(TimeUnit.MILLISECONDS);
  }
}
