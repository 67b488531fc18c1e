package io.ppscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextProjectionTest {

  private final TextProjection projection =
      new TextProjection("enc", new float[] {0, 0, 0, 0}, new float[][] {{1, 0, 0, 0}, {0, 0, 0, 1}});

  @Test
  void shouldProjectAnEmbeddingOfItsDimension() {
    assertThat(projection.dimension()).isEqualTo(4);
    assertThat(projection.project(new float[] {2, 3, 4, 5})).containsExactly(2, 5);
    assertThat(projection.project((float[]) null)).containsExactly(0, 0);
  }

  @Test
  void shouldRefuseAnEmbeddingOfAnotherDimensionRatherThanUseItsFirstDimensions() {
    // Given a 4-dimensional projection, when a 3-dimensional embedding is projected, then it is refused
    assertThatThrownBy(() -> projection.project(new float[] {2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3-dimensional embedding")
        .hasMessageContaining("encoder enc takes 4 dimensions");
    assertThatThrownBy(() -> projection.project(new float[] {2, 3, 4, 5, 6}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldFitTheLargestAxesOfTextsThatSpanFewerDirectionsThanTheEmbeddingHas() {
    // Given 100 users' 384-dimensional vectors that all lie in a 16-dimensional subspace (rank-deficient
    // covariance: the symmetric eigen decomposition fails to converge on it)
    java.util.Random random = new java.util.Random(7);
    double[][] basis = new double[16][384];
    for (double[] b : basis) {
      for (int i = 0; i < 384; i++) {
        b[i] = random.nextGaussian() * (1 + java.util.Arrays.asList(basis).indexOf(b));
      }
    }
    java.util.List<float[]> means = new java.util.ArrayList<>();
    for (int u = 0; u < 100; u++) {
      float[] v = new float[384];
      for (double[] b : basis) {
        double c = random.nextGaussian();
        for (int i = 0; i < 384; i++) {
          v[i] += (float) (c * b[i]);
        }
      }
      means.add(v);
    }

    // When
    TextProjection fitted = TextProjection.fit("enc", means, 384, 8);

    // Then 8 orthonormal axes inside the subspace, the first the direction of most variance among them
    double[] variances = new double[8];
    for (int c = 0; c < 8; c++) {
      float[] axis = fitted.components()[c];
      assertThat(dot(axis, axis)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
      for (int d = 0; d < c; d++) {
        assertThat(dot(axis, fitted.components()[d])).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-4));
      }
      for (float[] v : means) {
        double p = 0;
        for (int i = 0; i < 384; i++) {
          p += (v[i] - fitted.center()[i]) * axis[i];
        }
        variances[c] += p * p;
      }
    }
    for (int c = 1; c < 8; c++) {
      assertThat(variances[c]).isLessThanOrEqualTo(variances[c - 1] * (1 + 1e-6));
    }
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += (double) a[i] * b[i];
    }
    return sum;
  }
}
