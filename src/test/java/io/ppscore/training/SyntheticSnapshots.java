package io.ppscore.training;

import io.ppscore.features.NumericFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic snapshots for learner and export tests: spend grows with the first two features. */
public final class SyntheticSnapshots {

  private SyntheticSnapshots() {
  }

  public static Snapshot of(int users, int textDimension, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int features = NumericFeatures.names().size();
    List<SnapshotRow> rows = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      float[] x = new float[features];
      for (int f = 0; f < features; f++) {
        x[f] = (float) random.nextDouble(0, 100);
      }
      float[] text = null;
      if (textDimension > 0 && random.nextBoolean()) {
        text = new float[textDimension];
        for (int d = 0; d < textDimension; d++) {
          text[d] = (float) random.nextGaussian();
        }
      }
      boolean buys = random.nextDouble() < x[0] / 100.0;
      double spend90 = buys ? 10 + 5 * x[1] * random.nextDouble(0.5, 1.5) : 0;
      double spend30 = buys && random.nextBoolean() ? spend90 / 3 : 0;
      long t = Instant.parse("2011-01-01T00:00:00Z").toEpochMilli() - (long) (random.nextDouble(1, 300) * 86_400_000L);
      rows.add(new SnapshotRow("u" + u, x, text, null, List.of(new SnapshotRow.PastOrder(t, 10 + x[1])),
          new double[] {spend30, spend90}));
    }
    return new Snapshot(Instant.parse("2011-01-01T00:00:00Z"), List.of(30, 90), rows);
  }
}
