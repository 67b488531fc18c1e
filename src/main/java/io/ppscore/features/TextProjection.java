package io.ppscore.features;

import java.util.List;
import java.util.Objects;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * Principal components of mean text embeddings: turns a 384-dimensional profile into a few features a
 * tree model can use. Fitted on the training users' profiles; shipped in the model manifest so serving
 * projects exactly as training did. An empty profile projects to zeros.
 */
public record TextProjection(String encoderId, float[] center, float[][] components) {

  public TextProjection {
    Objects.requireNonNull(encoderId, "encoderId must not be null");
    for (float[] c : components) {
      if (c.length != center.length) {
        throw new IllegalArgumentException("component length " + c.length + " differs from dimension " + center.length);
      }
    }
  }

  public int size() {
    return components.length;
  }

  /** The dimension of the embeddings it projects: its encoder's. */
  public int dimension() {
    return center.length;
  }

  /** The {@link #size()} component scores of {@code profile}. */
  public float[] project(TextProfile profile) {
    return project(profile == null || profile.isEmpty() ? null : profile.mean());
  }

  /**
   * The component scores of a mean embedding; zeros for null (no text).
   *
   * @throws IllegalArgumentException if {@code mean} is not of {@link #dimension()}
   */
  public float[] project(float[] mean) {
    float[] scores = new float[components.length];
    if (mean == null) {
      return scores;
    }
    if (mean.length != center.length) {
      throw new IllegalArgumentException("cannot project a " + mean.length + "-dimensional embedding: the projection"
          + " of encoder " + encoderId + " takes " + center.length + " dimensions");
    }
    for (int k = 0; k < components.length; k++) {
      double s = 0;
      for (int i = 0; i < mean.length; i++) {
        s += (mean[i] - center[i]) * components[k][i];
      }
      scores[k] = (float) s;
    }
    return scores;
  }

  /**
   * Fits {@code k} components on mean embeddings (one per training user with text). Deterministic: each component's sign is
   * fixed so that its largest-magnitude loading is positive.
   */
  public static TextProjection fit(String encoderId, List<float[]> means, int dimension, int k) {
    if (means.size() <= k) {
      throw new IllegalArgumentException("need more than " + k + " users with text to fit " + k + " components, got " + means.size());
    }
    double[] center = new double[dimension];
    for (float[] m : means) {
      for (int i = 0; i < dimension; i++) {
        center[i] += m[i] / (double) means.size();
      }
    }
    double[][] cov = new double[dimension][dimension];
    for (float[] m : means) {
      for (int i = 0; i < dimension; i++) {
        double di = m[i] - center[i];
        for (int j = i; j < dimension; j++) {
          cov[i][j] += di * (m[j] - center[j]);
        }
      }
    }
    for (int i = 0; i < dimension; i++) {
      for (int j = i; j < dimension; j++) {
        cov[i][j] /= means.size() - 1;
        cov[j][i] = cov[i][j];
      }
    }
    float[][] components = principalAxes(new Array2DRowRealMatrix(cov, false), k);
    float[] centerF = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      centerF[i] = (float) center[i];
    }
    return new TextProjection(encoderId, centerF, components);
  }

  /**
   * The {@code k} eigenvectors of the covariance {@code cov} with the largest eigenvalues, largest first.
   * Hipparchus' symmetric eigen decomposition fails to converge when the covariance is rank-deficient
   * (fewer users with text than dimensions, or texts spanning few directions: 100 users of 384-dimensional
   * vectors failed); its singular value decomposition, which for a symmetric positive semi-definite matrix
   * gives the same axes ordered by the same values, does not, and is the fallback.
   */
  private static float[][] principalAxes(RealMatrix cov, int k) {
    float[][] components = new float[k][];
    try {
      EigenDecompositionSymmetric eigen = new EigenDecompositionSymmetric(cov);
      for (int c = 0; c < k; c++) {
        components[c] = signFixed(eigen.getEigenvector(c).toArray());
      }
    } catch (MathIllegalStateException e) {
      SingularValueDecomposition svd = new SingularValueDecomposition(cov);
      for (int c = 0; c < k; c++) {
        components[c] = signFixed(svd.getU().getColumn(c));
      }
    }
    return components;
  }

  private static float[] signFixed(double[] v) {
    int largest = 0;
    for (int i = 1; i < v.length; i++) {
      if (Math.abs(v[i]) > Math.abs(v[largest])) {
        largest = i;
      }
    }
    double sign = v[largest] < 0 ? -1 : 1;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (sign * v[i]);
    }
    return out;
  }
}
