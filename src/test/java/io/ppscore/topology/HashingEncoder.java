package io.ppscore.topology;

import io.ppscore.inference.TextEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A deterministic fake encoder: each word hashed into one of 6 dimensions, L2-normalised; records every call. */
final class HashingEncoder implements TextEncoder {

  static final String ID = "hashing-test-encoder";
  static final int DIMENSION = 6;
  final List<List<String>> calls = new ArrayList<>();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  /** A text this encoder fails on, in any call that has it (as a tokenizer failing on one input would); null: none. */
  String failOn;
  /** When set, every call fails (an encoder outage). */
  boolean failAll;

  @Override
  public synchronized float[][] embed(List<String> texts) {
    if (failAll || failOn != null && texts.contains(failOn)) {
      throw new IllegalStateException("inference failed on one of " + texts.size() + " texts");
    }
    calls.add(List.copyOf(texts));
    return texts.stream().map(HashingEncoder::vectorOf).toArray(float[][]::new);
  }

  static float[] vectorOf(String text) {
    float[] v = new float[DIMENSION];
    for (String word : text.toLowerCase(Locale.ROOT).split("\\s+")) {
      v[Math.floorMod(word.hashCode(), DIMENSION)] += 1 + word.length() % 3;
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (v[i] / Math.sqrt(norm));
    }
    return v;
  }

  @Override
  public void close() {
  }
}
