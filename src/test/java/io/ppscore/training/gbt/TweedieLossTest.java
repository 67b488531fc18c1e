package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TweedieLossTest {

  /** Tweedie deviance (power 1.5) of prediction mu = exp(raw) for target y, up to terms without raw. */
  private static double loss(double y, double raw) {
    return -y * Math.exp(-0.5 * raw) / -0.5 + Math.exp(0.5 * raw) / 0.5;
  }

  @Test
  void shouldGiveTheDerivativesOfTheTweedieDevianceInRawScore() {
    double[] ys = {0, 0.5, 3, 250};
    double[] raws = {-2, 0, 1.3, 5.5};
    for (double y : ys) {
      for (double raw : raws) {
        double[] g = new double[1];
        double[] h = new double[1];
        Loss.TWEEDIE.gradients(new double[] {y}, new double[] {2}, new double[] {raw}, g, h);
        double eps = 1e-4;
        double numericG = (loss(y, raw + eps) - loss(y, raw - eps)) / (2 * eps);
        double numericH = (loss(y, raw + eps) - 2 * loss(y, raw) + loss(y, raw - eps)) / (eps * eps);
        assertThat(g[0]).as("g y=%s raw=%s", y, raw).isCloseTo(2 * numericG, within(1e-5 * Math.max(1, Math.abs(numericG))));
        assertThat(h[0]).as("h y=%s raw=%s", y, raw).isCloseTo(2 * numericH, within(1e-3 * Math.max(1, Math.abs(numericH))));
      }
    }
  }

  @Test
  void shouldStartFromTheLogOfTheMeanAndPredictWithExp() {
    assertThat(Loss.TWEEDIE.baseScore(20.0)).isCloseTo(Math.log(20.0), within(1e-12));
    assertThat(Loss.TWEEDIE.transform(Math.log(7.0))).isCloseTo(7.0, within(1e-12));
  }

  @Test
  void shouldConvergeToEachGroupsMeanOfAZeroInflatedTarget() {
    // Given two groups (the only possible cut) whose spend is zero with probability 0.7 and else
    // exponential with mean 100 or 10: the Tweedie optimum of each group is its sample mean
    SplittableRandom random = new SplittableRandom(6L);
    float[][] x = new float[6_000][];
    double[] y = new double[x.length];
    double[] sum = new double[2];
    int[] count = new int[2];
    for (int i = 0; i < x.length; i++) {
      int group = i % 2;
      x[i] = new float[] {group == 1 ? 1f : -1f};
      y[i] = random.nextDouble() < 0.3 ? (group == 1 ? 100 : 10) * -Math.log(1 - random.nextDouble()) : 0;
      sum[group] += y[i];
      count[group]++;
    }

    GbtModel model = GbtTrainer.train(x, y, null, new GbtParams(300, 0.1, 1, 50, 0.0, 64, 1.0, 1L, Loss.TWEEDIE));

    double high = sum[1] / count[1];
    double low = sum[0] / count[0];
    assertThat(high).isBetween(25.0, 35.0);
    assertThat(low).isBetween(2.5, 3.5);
    assertThat(model.predict(new float[] {1f})).isCloseTo(high, within(1e-3 * high));
    assertThat(model.predict(new float[] {-1f})).isCloseTo(low, within(1e-3 * low));
  }

  @Test
  void shouldRejectNegativeTargets() {
    float[][] x = Synthetic.rows(10, 1, 1L);
    double[] y = new double[10];
    y[3] = -1;

    assertThatThrownBy(() -> GbtTrainer.train(x, y, null, Synthetic.smallParams(Loss.TWEEDIE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("y[3] must not be negative for TWEEDIE");
  }
}
