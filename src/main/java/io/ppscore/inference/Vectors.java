package io.ppscore.inference;

import java.util.Objects;

/** Small vector helpers for embeddings. */
public final class Vectors {

  private Vectors() {}

  /**
   * Scales {@code v} in place to unit L2 norm; a zero vector, or one whose norm is NaN, is left as it is, and
   * one whose norm is infinite becomes zeros and NaNs (check the result with {@link #finite}). Returns {@code v}.
   */
  public static float[] l2Normalise(float[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / norm);
      }
    }
    return v;
  }

  /** Whether every component of {@code v} is finite (neither NaN nor infinite). */
  public static boolean finite(float[] v) {
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  /** Dot product, accumulated in double. */
  public static double dot(float[] a, float[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length != b.length) {
      throw new IllegalArgumentException("dimensions differ: " + a.length + " vs " + b.length);
    }
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }

  /** Cosine similarity; 0 when either vector is zero. */
  public static double cosine(float[] a, float[] b) {
    double denominator = Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b));
    return denominator == 0 ? 0 : dot(a, b) / denominator;
  }
}
