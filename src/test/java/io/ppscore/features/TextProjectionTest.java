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
}
