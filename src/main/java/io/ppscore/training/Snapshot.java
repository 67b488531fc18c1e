package io.ppscore.training;

import java.time.Instant;
import java.util.List;

/** Every user with an order before {@code cutoff}, with features before it and labels after it. */
public record Snapshot(Instant cutoff, List<Integer> horizonDays, List<SnapshotRow> rows) {

  public Snapshot {
    rows = List.copyOf(rows);
    horizonDays = List.copyOf(horizonDays);
  }

  /** Index of {@code days} in the label arrays. */
  public int horizonIndex(int days) {
    int i = horizonDays.indexOf(days);
    if (i < 0) {
      throw new IllegalArgumentException("no label for horizon " + days + " days; have " + horizonDays);
    }
    return i;
  }
}
