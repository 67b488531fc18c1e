package io.ppscore.topology;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.TextProjection;
import io.ppscore.model.Prediction;
import io.ppscore.model.ScoreCalibration;
import io.ppscore.model.UserScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

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

  /** While set, every call throws it, as a model session broken for everyone would. */
  RuntimeException failAll;
  /** Rows the model fails on (every call), as a model failing on one user's input would; null: none. */
  Predicate<float[]> failFor;
  /** What a call with a {@link #failFor} row throws; by default an {@link IllegalStateException}. */
  java.util.function.Supplier<RuntimeException> failure;
  /** Rows the model predicts a 90-day spend that is not a number for (every call); null: none. */
  Predicate<float[]> nanSpendFor;
  /** Rows the model gives a score and probability that are not numbers, amounts finite (every call); null: none. */
  Predicate<float[]> nanScoreFor;
  /** When set, scores and tiers are this real calibration of the 90-day spend, as {@code ScoringModel}'s are. */
  ScoreCalibration calibration;

  @Override
  public synchronized List<Prediction> score(float[][] features) {
    if (failAll != null) {
      throw failAll;
    }
    if (failNext != null) {
      RuntimeException failure = failNext;
      failNext = null;
      throw failure;
    }
    if (failFor != null && Arrays.stream(features).anyMatch(failFor)) {
      throw failure != null ? failure.get()
          : new IllegalStateException("scoring failed: the model cannot score one of the " + features.length + " rows");
    }
    calls.add(features.clone());
    List<Prediction> predictions = new ArrayList<>();
    for (float[] f : features) {
      Prediction p = predict(f);
      double spend90 = nanSpendFor != null && nanSpendFor.test(f) ? Double.NaN : p.spend90();
      if (nanScoreFor != null && nanScoreFor.test(f)) {
        predictions.add(new Prediction(p.spend30(), p.spend90(), Double.NaN, Double.NaN, p.tier()));
        continue;
      }
      predictions.add(calibration == null ? new Prediction(p.spend30(), spend90, p.purchaseProbability90(), p.score(), p.tier())
          : new Prediction(p.spend30(), spend90, p.purchaseProbability90(), calibration.score(spend90),
              calibration.tier(calibration.score(spend90))));
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
