package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingInputTest {

  private final GbtParams squared = Synthetic.smallParams(Loss.SQUARED);
  private final float[][] x = {{1f, 2f}, {3f, 4f}};

  private void assertRejected(float[][] rows, double[] y, double[] w, GbtParams p, String message) {
    assertThatThrownBy(() -> GbtTrainer.train(rows, y, w, p))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void shouldRejectMissingAndRaggedFeatures() {
    assertRejected(new float[0][], new double[0], null, squared, "x must have at least one row");
    assertRejected(new float[][] {{1f, 2f}, {3f}}, new double[2], null, squared, "x[1] has 1 features, expected 2");
    assertRejected(new float[][] {{1f, Float.NaN}}, new double[1], null, squared,
        "x[0][1] is NaN: missing values are not supported");
  }

  @Test
  void shouldRejectTargetsThatDoNotFitTheLoss() {
    assertRejected(x, new double[3], null, squared, "y has 3 values but x has 2 rows");
    assertRejected(x, new double[] {0, Double.POSITIVE_INFINITY}, null, squared, "y[1] must be finite, was Infinity");
    assertRejected(x, new double[] {0, 0.5}, null, Synthetic.smallParams(Loss.LOGISTIC),
        "y[1] must be 0 or 1 for LOGISTIC loss, was 0.5");
  }

  @Test
  void shouldRejectInvalidWeights() {
    double[] y = {1, 2};
    assertRejected(x, y, new double[] {1}, squared, "weights has 1 values but x has 2 rows");
    assertRejected(x, y, new double[] {1, -1}, squared, "weights[1] must be finite and not negative, was -1.0");
    assertRejected(x, y, new double[] {0, 0}, squared, "weights must not all be zero");
  }
}
