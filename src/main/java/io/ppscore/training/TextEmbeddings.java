package io.ppscore.training;

import io.ppscore.features.EventTexts;
import io.ppscore.inference.TextEncoder;
import io.ppscore.replay.ReplayEvent;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Embeds every distinct product title and search text of a dataset once, in batches, so the backfill can
 * look them up. Titles repeat constantly (about 5,000 distinct ones among 750,000 order lines).
 */
public final class TextEmbeddings implements EmbeddingLookup {

  private static final int CHUNK = 512;
  private final Map<String, float[]> vectors;

  private TextEmbeddings(Map<String, float[]> vectors) {
    this.vectors = vectors;
  }

  /** Embeds the distinct texts of {@code events} with {@code encoder}, printing progress. */
  public static TextEmbeddings of(List<ReplayEvent> events, TextEncoder encoder, PrintStream progress) {
    Set<String> texts = new LinkedHashSet<>();
    for (ReplayEvent e : events) {
      EventTexts.of(e.value()).forEach(t -> texts.add(t.text()));
    }
    List<String> all = new ArrayList<>(texts);
    Map<String, float[]> vectors = new HashMap<>();
    long start = System.nanoTime();
    for (int from = 0; from < all.size(); from += CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
      float[][] embedded = encoder.embed(chunk);
      for (int i = 0; i < chunk.size(); i++) {
        vectors.put(chunk.get(i), embedded[i]);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      progress.printf("  embedded %,d/%,d distinct texts with %s (%.0f texts/s)%n", vectors.size(), all.size(),
          encoder.id(), vectors.size() / Math.max(seconds, 1e-9));
    }
    return new TextEmbeddings(vectors);
  }

  @Override
  public float[] embedding(String text) {
    return text == null ? null : vectors.get(text);
  }

  public int size() {
    return vectors.size();
  }
}
