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
    return assemble(spec, NumericFeatures.of(state), meanOrNull(profiles == null ? null : profiles.bought()),
        meanOrNull(profiles == null ? null : profiles.browsed()));
  }

  /**
   * The model input from already computed numeric features and mean text embeddings (null: no text), as
   * the training backfill stores them.
   */
  public static float[] assemble(FeatureSpec spec, float[] numeric, float[] boughtMean, float[] browsedMean) {
    if (!spec.usesText()) {
      return numeric;
    }
    float[] bought = spec.text().project(boughtMean);
    float[] browsed = spec.text().project(browsedMean);
    float[] all = new float[numeric.length + bought.length + browsed.length];
    System.arraycopy(numeric, 0, all, 0, numeric.length);
    System.arraycopy(bought, 0, all, numeric.length, bought.length);
    System.arraycopy(browsed, 0, all, numeric.length + bought.length, browsed.length);
    return all;
  }

  private static float[] meanOrNull(TextProfile profile) {
    return profile == null || profile.isEmpty() ? null : profile.mean();
  }
}
