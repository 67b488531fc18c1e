package io.ppscore.model;

import io.ppscore.features.FeatureSpec;
import java.util.List;

/**
 * What the streaming topology needs from a model: the feature definition to build vectors with, and one
 * call that scores a whole micro-batch. {@link ScoringModel} is the ONNX implementation; tests may use a
 * small fake. Implementations are shared by all stream tasks and must be thread-safe.
 */
public interface UserScorer {

  /**
   * One prediction per row of {@code features}, in the same order; each row is a vector of
   * {@link #featureSpec()}. An empty batch gives an empty list.
   */
  List<Prediction> score(float[][] features);

  /** The features the model expects, in order. */
  FeatureSpec featureSpec();

  /** The model's version, as written to every score. */
  String modelVersion();

  /** The text encoder whose embedding space the text features are in; null without text features. */
  String encoderId();

  /**
   * The typical user's feature vector ({@link ModelManifest#reference()}) that reason codes compare
   * against; empty when the model has none, and then scores carry no reason codes.
   */
  default java.util.Optional<float[]> referenceFeatures() {
    return java.util.Optional.empty();
  }

  /** ISO 4217 code of the amounts the model was trained on; null when unknown. */
  default String trainingCurrency() {
    return null;
  }
}
