package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GbtOffsetsTest {

  private static final GbtParams PARAMS = new GbtParams(300, 0.1, 1, 1, 0.0, 64, 1.0, 1L, Loss.TWEEDIE);

  @Test
  void shouldFitTheSpendThatTheOffsetsLeaveUnexplained() {
    // Given identical users in two periods: everyone spent 10 in a quiet period (level x0.5) and 40 in a busy
    // one (level x2)
    float[][] x = new float[200][];
    double[] y = new double[x.length];
    double[] offsets = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = new float[] {0f};
      boolean busy = i % 2 == 1;
      y[i] = busy ? 40 : 10;
      offsets[i] = Math.log(busy ? 2.0 : 0.5);
    }

    // When the model is trained with the periods' levels as offsets, and once without
    GbtModel withOffsets = GbtTrainer.train(x, y, null, offsets, PARAMS);
    GbtModel pooled = GbtTrainer.train(x, y, null, PARAMS);

    // Then with offsets it predicts the level-free spend, 20 (x0.5 = 10, x2 = 40); pooled it predicts the mean
    assertThat(withOffsets.predict(new float[] {0f})).isCloseTo(20.0, within(0.02));
    assertThat(pooled.predict(new float[] {0f})).isCloseTo(25.0, within(0.02));
  }

  @Test
  void shouldRejectOffsetsOfTheWrongLengthOrNotFinite() {
    float[][] x = Synthetic.rows(10, 1, 1L);
    double[] y = new double[10];

    assertThatThrownBy(() -> GbtTrainer.train(x, y, null, new double[9], PARAMS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offsets has 9 entries for 10 rows");
    double[] nan = new double[10];
    nan[4] = Double.NaN;
    assertThatThrownBy(() -> GbtTrainer.train(x, y, null, nan, PARAMS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset of row 4 is not finite");
  }
}
