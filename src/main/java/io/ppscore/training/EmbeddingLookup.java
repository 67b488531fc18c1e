package io.ppscore.training;

/** Text to embedding, for the backfill's text profiles; null text or no embedding yields null. */
@FunctionalInterface
public interface EmbeddingLookup {

  float[] embedding(String text);

  /** No text features: every lookup is empty. */
  static EmbeddingLookup none() {
    return text -> null;
  }
}
