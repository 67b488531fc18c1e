package io.ppscore.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Which features a model uses, in order: the numeric features, then (when text features are on) the
 * principal-component scores of the user's purchased-titles profile and of their viewed/searched-text
 * profile, both projected with one {@link TextProjection} fitted on product-title embeddings. The one
 * definition used by training and serving: the model manifest records the names, and serving refuses a
 * model whose feature names differ from what this code computes.
 */
public record FeatureSpec(TextProjection text) {

  /** Prefix of the purchased-title text features ({@code text_bought_pc1} ...). */
  public static final String BOUGHT_PREFIX = "text_bought_pc";
  /** Prefix of the viewed/searched text features. */
  public static final String BROWSED_PREFIX = "text_browsed_pc";

  /** Numeric features only (the no-text ablation). */
  public static FeatureSpec numericOnly() {
    return new FeatureSpec(null);
  }

  public boolean usesText() {
    return text != null;
  }

  /** The feature names, in vector order. */
  public List<String> names() {
    List<String> names = new ArrayList<>(NumericFeatures.names());
    if (usesText()) {
      for (int i = 1; i <= text.size(); i++) {
        names.add(BOUGHT_PREFIX + i);
      }
      for (int i = 1; i <= text.size(); i++) {
        names.add(BROWSED_PREFIX + i);
      }
    }
    return List.copyOf(names);
  }

  /** The text encoder the projection expects, or null without text features. */
  public String encoderId() {
    return usesText() ? text.encoderId() : null;
  }
}
