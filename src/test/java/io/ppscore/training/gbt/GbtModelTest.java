package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GbtModelTest {

  private final float[][] x = Synthetic.rows(1_000, 5, 51L);
  private final GbtModel model = GbtTrainer.train(x, Synthetic.regressionTargets(x, 52L), null,
      Synthetic.smallParams(Loss.SQUARED).withSubsample(0.7, 5L));

  @Test
  void shouldSumSaabasContributionsToRawScoreMinusBias() {
    for (float[] row : Synthetic.rows(100, 5, 53L)) {
      double sum = Arrays.stream(model.contributions(row)).sum();
      assertThat(sum + model.contributionBias()).isCloseTo(model.predictRaw(row), within(1e-9));
    }
  }

  @Test
  void shouldCreditOnlyTheFeatureThatDrivesTheTarget() {
    float[][] rows = Synthetic.rows(500, 3, 54L);
    double[] y = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      y[i] = rows[i][1] < 0 ? -2 : 5;
    }
    GbtModel step = GbtTrainer.train(rows, y, null, Synthetic.smallParams(Loss.SQUARED));

    double[] importance = step.gainImportance();
    assertThat(importance[1]).isPositive();
    assertThat(importance[0]).isZero();
    assertThat(importance[2]).isZero();
    float[] row = {1f, 2f, -1f};
    assertThat(step.contributions(row)[0]).isZero();
    assertThat(step.contributions(row)[1]).isPositive();
  }

  @Test
  void shouldRankInformativeFeaturesAboveNoise() {
    double[] importance = model.gainImportance();
    // the target depends on features 0, 1 and 2; 3 and 4 are noise
    assertThat(Math.min(importance[0], Math.min(importance[1], importance[2])))
        .isGreaterThan(Math.max(importance[3], importance[4]));
  }

  @Test
  void shouldApplySigmoidOnlyForLogisticModels() {
    GbtModel logistic = GbtTrainer.train(x, Synthetic.labels(x, 55L), null, Synthetic.smallParams(Loss.LOGISTIC));
    float[] row = x[0];
    assertThat(logistic.predict(row)).isCloseTo(1 / (1 + Math.exp(-logistic.predictRaw(row))), within(1e-15));
    assertThat(model.predict(row)).isEqualTo(model.predictRaw(row));
  }

  @Test
  void shouldRejectRowsOfTheWrongWidth() {
    assertThatThrownBy(() -> model.predict(new float[4])).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x has 4 features, the model expects 5");
  }
}
