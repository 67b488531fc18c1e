package io.ppscore.inference;

import java.util.ArrayList;
import java.util.List;

/** A fake delegate: deterministic 4-d vectors from the text, records every batch it is asked to embed. */
final class CountingEncoder implements TextEncoder {

  final List<List<String>> calls = new ArrayList<>();
  boolean closed;

  @Override
  public String id() {
    return "counting";
  }

  @Override
  public int dimension() {
    return 4;
  }

  @Override
  public synchronized float[][] embed(List<String> texts) {
    calls.add(List.copyOf(texts));
    return texts.stream().map(CountingEncoder::vectorOf).toArray(float[][]::new);
  }

  static float[] vectorOf(String text) {
    int h = text.hashCode();
    return Vectors.l2Normalise(new float[] {1 + (h & 0xff), text.length() + 1, (h >>> 8) & 0xff, 1});
  }

  synchronized int textsEmbedded() {
    return calls.stream().mapToInt(List::size).sum();
  }

  @Override
  public void close() {
    closed = true;
  }
}
