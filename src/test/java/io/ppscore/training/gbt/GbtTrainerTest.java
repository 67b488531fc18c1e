package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GbtTrainerTest {

  private final float[][] x = Synthetic.rows(1_000, 4, 21L);
  private final double[] y = Synthetic.regressionTargets(x, 22L);

  @Test
  void shouldLearnAStepFunctionExactlyWithOneStump() {
    // 200 distinct values: fewer than maxBins, so every gap between neighbours is a candidate cut
    float[][] grid = new float[200][1];
    double[] step = new double[grid.length];
    for (int i = 0; i < grid.length; i++) {
      grid[i][0] = i / 20f;
      step[i] = grid[i][0] < 4.2f ? 1 : 3;
    }
    GbtParams stump = new GbtParams(1, 1.0, 1, 1, 0.0, 256, 1.0, 1L, Loss.SQUARED);

    GbtModel model = GbtTrainer.train(grid, step, null, stump);

    for (int i = 0; i < grid.length; i++) {
      assertThat(model.predict(grid[i])).as("x=%s", grid[i][0]).isCloseTo(step[i], within(1e-6));
    }
    assertThat(model.trees().get(0).threshold(0)).isGreaterThan(4.15f).isLessThanOrEqualTo(4.2f);
  }

  @Test
  void shouldSeparateASeparableSetWithLogisticLoss() {
    float[][] points = Synthetic.rows(600, 2, 31L);
    double[] labels = new double[points.length];
    for (int i = 0; i < points.length; i++) {
      labels[i] = points[i][0] + 0.5 * points[i][1] > 0.25 ? 1 : 0;
    }
    GbtParams params = new GbtParams(200, 0.3, 4, 1, 0.1, 256, 1.0, 1L, Loss.LOGISTIC);

    GbtModel model = GbtTrainer.train(points, labels, null, params);

    for (int i = 0; i < points.length; i++) {
      double p = model.predict(points[i]);
      assertThat(labels[i] == 1 ? p : 1 - p).as("row %d", i).isGreaterThan(0.9);
    }
  }

  @Test
  void shouldFitBetterThanTheBaseScore() {
    GbtModel model = GbtTrainer.train(x, y, null, Synthetic.smallParams(Loss.SQUARED));

    double mean = model.baseScore();
    double baseError = 0;
    double modelError = 0;
    for (int i = 0; i < x.length; i++) {
      baseError += (y[i] - mean) * (y[i] - mean);
      modelError += (y[i] - model.predict(x[i])) * (y[i] - model.predict(x[i]));
    }
    assertThat(modelError).isLessThan(0.1 * baseError);
    assertThat(model.treeCount()).isEqualTo(40);
  }

  @Test
  void shouldStartLogisticModelsFromTheLogOddsOfTheWeightedMean() {
    float[][] rows = Synthetic.rows(4, 1, 1L);
    double[] labels = {1, 0, 0, 1};
    double[] weights = {3, 1, 0, 0};

    GbtModel model = GbtTrainer.train(rows, labels, weights, Synthetic.smallParams(Loss.LOGISTIC).withTrees(1));

    assertThat(model.baseScore()).isCloseTo(Math.log(0.75 / 0.25), within(1e-6));
  }
}
