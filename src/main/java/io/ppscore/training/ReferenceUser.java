package io.ppscore.training;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.FeatureVector;
import io.ppscore.model.ModelManifest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The typical user that reason codes compare against: the per-feature median of one training
 * cut-off's population, the same population the score calibration comes from.
 */
public final class ReferenceUser {

  private ReferenceUser() {
  }

  /** The per-feature median of {@code population}'s feature vectors under {@code spec}. */
  public static ModelManifest.Reference of(FeatureSpec spec, Snapshot population) {
    if (population.rows().isEmpty()) {
      throw new IllegalArgumentException("cannot take a reference user from an empty population at " + population.cutoff());
    }
    float[][] x = population.rows().stream()
        .map(r -> FeatureVector.assemble(spec, r.numeric(), r.boughtText(), r.browsedText()))
        .toArray(float[][]::new);
    List<Double> medians = new ArrayList<>(x[0].length);
    double[] column = new double[x.length];
    for (int j = 0; j < x[0].length; j++) {
      for (int i = 0; i < x.length; i++) {
        column[i] = x[i][j];
      }
      medians.add(median(column));
    }
    return new ModelManifest.Reference("per-feature median of the " + x.length + " users with an order before "
        + population.cutoff(), List.copyOf(medians));
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }
}
