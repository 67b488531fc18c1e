package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class PoolingTest {

  // two rows of three tokens, 2-d token vectors; row 1's last token is padding
  private static final FloatBuffer HIDDEN = FloatBuffer.wrap(new float[] {
      1, 2, 3, 4, 5, 6,
      10, 20, 30, 40, 99, 99});

  private static final TokenBatch BATCH = TokenBatch.of(
      new long[][] {{101, 7, 102}, {101, 102, 0}},
      new long[][] {{1, 1, 1}, {1, 1, 0}},
      new long[][] {{0, 0, 0}, {0, 0, 0}});

  @Test
  void shouldAverageOnlyTheTokensTheMaskKeeps() {
    assertThat(Pooling.MEAN.pool(HIDDEN, BATCH, 0, 2)).containsExactly(3f, 4f);
    assertThat(Pooling.MEAN.pool(HIDDEN, BATCH, 1, 2)).containsExactly(20f, 30f);
  }

  @Test
  void shouldTakeTheFirstTokenForCls() {
    assertThat(Pooling.CLS.pool(HIDDEN, BATCH, 1, 2)).containsExactly(10f, 20f);
  }

  @Test
  void shouldNormaliseToUnitLengthAndLeaveZeroAlone() {
    assertThat(Vectors.l2Normalise(new float[] {3, 4})).containsExactly(0.6f, 0.8f);
    assertThat(Vectors.l2Normalise(new float[] {0, 0})).containsExactly(0f, 0f);
    assertThat(Vectors.cosine(new float[] {1, 0}, new float[] {0, 0})).isZero();
  }
}
