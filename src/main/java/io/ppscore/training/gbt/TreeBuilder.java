package io.ppscore.training.gbt;

import java.util.Arrays;

/** Mutable, growable node arrays of a tree under construction; {@link #build()} freezes them. */
final class TreeBuilder {

  private int size;
  private int[] feature = new int[16];
  private float[] threshold = new float[16];
  private int[] left = new int[16];
  private int[] right = new int[16];
  private float[] value = new float[16];
  private double[] gain = new double[16];

  /** Appends a leaf and returns its id. */
  int addLeaf(float leafValue) {
    if (size == feature.length) {
      int capacity = size * 2;
      feature = Arrays.copyOf(feature, capacity);
      threshold = Arrays.copyOf(threshold, capacity);
      left = Arrays.copyOf(left, capacity);
      right = Arrays.copyOf(right, capacity);
      value = Arrays.copyOf(value, capacity);
      gain = Arrays.copyOf(gain, capacity);
    }
    feature[size] = RegressionTree.LEAF;
    value[size] = leafValue;
    return size++;
  }

  /** Turns leaf {@code node} into a split with the given children. */
  void split(int node, Split split, int leftChild, int rightChild) {
    feature[node] = split.feature();
    threshold[node] = split.threshold();
    gain[node] = split.gain();
    left[node] = leftChild;
    right[node] = rightChild;
  }

  RegressionTree build() {
    return new RegressionTree(Arrays.copyOf(feature, size), Arrays.copyOf(threshold, size),
        Arrays.copyOf(left, size), Arrays.copyOf(right, size), Arrays.copyOf(value, size),
        Arrays.copyOf(gain, size));
  }
}
