package io.ppscore.features;

import io.ppscore.state.UserState;

/**
 * The model input for one user at one reference time, computed by the same code in training (from the
 * point-in-time backfill) and in serving (from the live state stores).
 */
public final class FeatureVector {

  private FeatureVector() {
  }

  /**
   * The features of {@code state} under {@code spec}; {@code profiles} may be null or empty for users
   * without text (then the text features are zeros, the projection of an empty profile).
   */
  public static float[] of(FeatureSpec spec, UserState state, TextProfiles profiles) {
    float[] numeric = NumericFeatures.of(state);
    if (!spec.usesText()) {
      return numeric;
    }
    float[] bought = spec.text().project(profiles == null ? null : profiles.bought());
    float[] browsed = spec.text().project(profiles == null ? null : profiles.browsed());
    float[] all = new float[numeric.length + bought.length + browsed.length];
    System.arraycopy(numeric, 0, all, 0, numeric.length);
    System.arraycopy(bought, 0, all, numeric.length, bought.length);
    System.arraycopy(browsed, 0, all, numeric.length + bought.length, browsed.length);
    return all;
  }
}
