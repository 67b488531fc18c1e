package io.ppscore.training.gbt;

/**
 * One immutable regression tree in arrays, nodes numbered breadth-first from the root 0. An internal node
 * sends {@code x} to {@code left} when {@code x[feature] < threshold} (float comparison, as ONNX Runtime
 * does), otherwise to {@code right}. Every node has a value, the shrunk Newton step {@code -rate G/(H+l2)} of
 * its training rows: leaves' values are the predictions, internal ones serve the Saabas contributions.
 */
final class RegressionTree {

  static final int LEAF = -1;

  private final int[] feature;
  private final float[] threshold;
  private final int[] left;
  private final int[] right;
  private final float[] value;
  private final double[] gain;

  RegressionTree(int[] feature, float[] threshold, int[] left, int[] right, float[] value, double[] gain) {
    this.feature = feature;
    this.threshold = threshold;
    this.left = left;
    this.right = right;
    this.value = value;
    this.gain = gain;
  }

  /** The leaf that {@code x} reaches. */
  int leaf(float[] x) {
    int node = 0;
    while (feature[node] != LEAF) {
      node = x[feature[node]] < threshold[node] ? left[node] : right[node];
    }
    return node;
  }

  float predict(float[] x) {
    return value[leaf(x)];
  }

  /** Adds to {@code out} each split's change of node value along the path of {@code x} (Saabas). */
  void addContributions(float[] x, double[] out) {
    int node = 0;
    while (feature[node] != LEAF) {
      int child = x[feature[node]] < threshold[node] ? left[node] : right[node];
      out[feature[node]] += (double) value[child] - value[node];
      node = child;
    }
  }

  /** Adds each split's gain to its feature. */
  void addGains(double[] out) {
    for (int n = 0; n < feature.length; n++) {
      if (feature[n] != LEAF) {
        out[feature[n]] += gain[n];
      }
    }
  }

  int nodeCount() {
    return feature.length;
  }

  int feature(int node) {
    return feature[node];
  }

  float threshold(int node) {
    return threshold[node];
  }

  int left(int node) {
    return left[node];
  }

  int right(int node) {
    return right[node];
  }

  float value(int node) {
    return value[node];
  }
}
