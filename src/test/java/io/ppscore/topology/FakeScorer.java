package io.ppscore.topology;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.TextProjection;
import io.ppscore.model.Prediction;
import io.ppscore.model.UserScorer;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic fake model over the real {@link FeatureSpec} (numeric features plus 2 text components of
 * the {@link HashingEncoder} space); records every batch it scores.
 */
final class FakeScorer implements UserScorer {

  final List<float[][]> calls = new ArrayList<>();
  /** The reference user of the reason codes; null: none (scores carry no reasons). */
  float[] reference;
  /** The training currency; null: unknown. */
  String currency;

  @Override
  public String trainingCurrency() {
    return currency;
  }
  private final FeatureSpec spec = new FeatureSpec(new TextProjection(HashingEncoder.ID,
      new float[HashingEncoder.DIMENSION],
      new float[][] {{1, 0, 0, 0, 0, 0}, {0, 0.5f, 0.5f, 0, 0, 0.7f}}));

  /** When set, the next call throws it (once), as a broken model session would. */
  RuntimeException failNext;
  /** When 0 or more, the next call predicts {@link #badSpend90} for the row at this index (once). */
  int nonFiniteRow = -1;
  /** The 90-day spend of that row: by default not a number. */
  double badSpend90 = Double.NaN;

  @Override
  public synchronized List<Prediction> score(float[][] features) {
    if (failNext != null) {
      RuntimeException failure = failNext;
      failNext = null;
      throw failure;
    }
    calls.add(features.clone());
    List<Prediction> predictions = new ArrayList<>();
    for (float[] f : features) {
      predictions.add(predict(f));
    }
    if (nonFiniteRow >= 0) {
      Prediction p = predictions.get(nonFiniteRow);
      predictions.set(nonFiniteRow, new Prediction(p.spend30(), badSpend90, p.purchaseProbability90(), p.score(), p.tier()));
      nonFiniteRow = -1;
    }
    return predictions;
  }

  /** The prediction of one vector: a function of every feature, so any difference in the vector shows. */
  static Prediction predict(float[] f) {
    double z = 0;
    for (int i = 0; i < f.length; i++) {
      z += f[i] / (i + 1.0) / 100.0;
    }
    double score = 100.0 / (1.0 + Math.exp(-z));
    return new Prediction(z * 0.3 + 1.23456, z + 7.654321, score / 100.0, score, score >= 75 ? "HIGH" : "LOW");
  }

  @Override
  public FeatureSpec featureSpec() {
    return spec;
  }

  @Override
  public String modelVersion() {
    return "fake-1";
  }

  @Override
  public java.util.Optional<float[]> referenceFeatures() {
    return java.util.Optional.ofNullable(reference);
  }

  @Override
  public String encoderId() {
    return HashingEncoder.ID;
  }
}
