package io.ppscore.training;

import io.ppscore.features.FeatureSpec;
import java.util.List;

/** A spend model as trained: its feature definition and one two-part model per horizon. */
public record TrainedSpendModel(FeatureSpec spec, List<HorizonModel> horizons) {

  public TrainedSpendModel {
    horizons = List.copyOf(horizons);
  }

  /** The model of a horizon, by its length in days. */
  public HorizonModel horizon(int days) {
    return horizons.stream().filter(h -> h.days() == days).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + days + "-day horizon; have "
            + horizons.stream().map(HorizonModel::days).toList()));
  }
}
