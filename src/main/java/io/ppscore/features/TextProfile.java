package io.ppscore.features;

import java.util.Arrays;

/**
 * A weighted mean of text embeddings: a user's purchased titles weighted by spend, or viewed and searched
 * texts weighted by one each. Mutable accumulator; {@link #mean()} is what features are computed from.
 */
public final class TextProfile {

  private final double[] sum;
  private double weight;

  public TextProfile(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive");
    }
    this.sum = new double[dimension];
  }

  /** A profile continuing from a stored weighted {@code sum} of embeddings and its total {@code weight}. */
  public static TextProfile restore(double[] sum, double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight must be finite and not negative, got " + weight);
    }
    TextProfile profile = new TextProfile(sum.length);
    System.arraycopy(sum, 0, profile.sum, 0, sum.length);
    profile.weight = weight;
    return profile;
  }

  /** A copy of the weighted sum of the embeddings added so far, for storing. */
  public double[] sum() {
    return sum.clone();
  }

  public int dimension() {
    return sum.length;
  }

  /** Adds {@code embedding} with {@code w} (ignored unless positive and finite). */
  public void add(float[] embedding, double w) {
    if (embedding.length != sum.length) {
      throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, expected " + sum.length);
    }
    if (!(w > 0) || Double.isInfinite(w)) {
      return;
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] += w * embedding[i];
    }
    weight += w;
  }

  public boolean isEmpty() {
    return weight == 0;
  }

  public double weight() {
    return weight;
  }

  /** The weighted mean embedding, or all zeros when empty. */
  public float[] mean() {
    float[] mean = new float[sum.length];
    if (weight > 0) {
      for (int i = 0; i < sum.length; i++) {
        mean[i] = (float) (sum[i] / weight);
      }
    }
    return mean;
  }

  @Override
  public String toString() {
    return "TextProfile[weight=" + weight + ", head=" + Arrays.toString(Arrays.copyOf(mean(), 3)) + "]";
  }
}
