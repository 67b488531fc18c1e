package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankMetricsTest {

  @Test
  void shouldComputeNormalizedGiniOfHandWorkedExample() {
    // actual in pred order: 40, 10, 30, 0 -> cumulative 40, 50, 80, 80 (sum 250); T = 80, n = 4
    //   gini = (250 / 80 - 5 / 2) / 4 = 0.15625
    // actual in its own order: 40, 30, 10, 0 -> cumulative 40, 70, 80, 80 (sum 270)
    //   gini = (270 / 80 - 5 / 2) / 4 = 0.21875
    // normalized = 0.15625 / 0.21875 = 5 / 7
    double[] pred = {4, 3, 2, 1};
    double[] actual = {40, 10, 30, 0};

    assertThat(RankMetrics.normalizedGini(pred, actual)).isCloseTo(5.0 / 7, within(1e-12));
  }

  @Test
  void shouldGiveGiniOneForPerfectAndMinusOneForReversedRanking() {
    double[] actual = {5, 0, 20, 7, 1};
    double[] reversed = {-5, 0, -20, -7, -1};

    assertThat(RankMetrics.normalizedGini(actual, actual)).isCloseTo(1, within(1e-12));
    assertThat(RankMetrics.normalizedGini(reversed, actual)).isCloseTo(-1, within(1e-12));
  }

  @Test
  void shouldGiveTiedPredictionsTheMeanGiniOverTheTiesOrders() {
    // pred {3, 1, 1, 0}: user 0 first, users 1 and 2 tied, user 3 last
    //   tie as 10, 30: the hand-worked example above, 5 / 7
    //   tie as 30, 10: actual in order 40, 30, 10, 0 is the perfect order, 7 / 7
    //   the mean over both orders, 6 / 7: cumulative with the tie's mean 20 each: 40, 60, 80, 80 (sum 260)
    //   -> (260 / 80 - 5 / 2) / 4 = 0.1875 = 6 / 7 of 0.21875, whichever of the two comes first in the input
    assertThat(RankMetrics.normalizedGini(new double[] {3, 1, 1, 0}, new double[] {40, 10, 30, 0}))
        .isCloseTo(6.0 / 7, within(1e-12));
    assertThat(RankMetrics.normalizedGini(new double[] {3, 1, 1, 0}, new double[] {40, 30, 10, 0}))
        .isCloseTo(6.0 / 7, within(1e-12));
  }

  @Test
  void shouldGiveConstantPredictionsGiniZeroWhateverTheInputOrder() {
    double[] constant = {1, 1, 1, 1};

    assertThat(RankMetrics.normalizedGini(constant, new double[] {40, 10, 30, 0})).isCloseTo(0, within(1e-12));
    assertThat(RankMetrics.normalizedGini(constant, new double[] {0, 30, 10, 40})).isCloseTo(0, within(1e-12));
  }

  @Test
  void shouldTreatNegativeAndPositiveZeroPredictionsAsTied() {
    // with -0.0 < 0.0 the order would be 10, 40 (Gini -1); as a tie both count 25 (Gini 0)
    assertThat(RankMetrics.normalizedGini(new double[] {-0.0, 0.0}, new double[] {40, 10})).isCloseTo(0, within(1e-12));
  }

  @Test
  void shouldRejectGiniWhenEveryActualValueIsEqual() {
    assertThatThrownBy(() -> RankMetrics.normalizedGini(new double[] {1, 2, 3}, new double[] {3, 3, 3}))
        .isInstanceOf(UndefinedMetricException.class)
        .hasMessageContaining("every actual value is equal");
    assertThatThrownBy(() -> RankMetrics.normalizedGini(new double[] {1, 2}, new double[] {0, 0}))
        .isInstanceOf(UndefinedMetricException.class);
  }

  @Test
  void shouldRejectNegativeSpendForGini() {
    assertThatThrownBy(() -> RankMetrics.normalizedGini(new double[] {1, 2}, new double[] {5, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actual[1] is spend and must not be negative, got -1.0");
  }

  @Test
  void shouldComputeSpearmanOfHandWorkedExample() {
    // ranks pred 1, 2, 3, 4; ranks actual 1, 3, 2, 4; d = 0, -1, 1, 0; sum d^2 = 2
    // rho = 1 - 6 * 2 / (4 * (16 - 1)) = 1 - 12 / 60 = 0.8
    assertThat(RankMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 30, 20, 40}))
        .isCloseTo(0.8, within(1e-12));
  }

  @Test
  void shouldGiveTiedValuesTheAverageRankInSpearman() {
    // pred ranks 1, 2.5, 2.5, 4 (the two 2s share ranks 2 and 3); actual ranks 1, 2, 3, 4; both means 2.5
    // deviations pred -1.5, 0, 0, 1.5; actual -1.5, -0.5, 0.5, 1.5
    // cov = 2.25 + 0 + 0 + 2.25 = 4.5; var pred = 4.5; var actual = 2.25 + 0.25 + 0.25 + 2.25 = 5
    // rho = 4.5 / sqrt(4.5 * 5) = sqrt(0.9)
    assertThat(RankMetrics.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 2, 3, 4}))
        .isCloseTo(Math.sqrt(0.9), within(1e-12));
  }

  @Test
  void shouldGiveSpearmanOneForAnyMonotoneRelationAndMinusOneForReversed() {
    double[] actual = {1, 10, 100};

    assertThat(RankMetrics.spearman(new double[] {1, 2, 3}, actual)).isEqualTo(1.0);
    assertThat(RankMetrics.spearman(new double[] {3, 2, 1}, actual)).isEqualTo(-1.0);
  }

  @Test
  void shouldRejectSpearmanOfConstantInput() {
    assertThatThrownBy(() -> RankMetrics.spearman(new double[] {2, 2, 2}, new double[] {1, 2, 3}))
        .isInstanceOf(UndefinedMetricException.class)
        .hasMessageContaining("constant");
    assertThatThrownBy(() -> RankMetrics.spearman(new double[] {1}, new double[] {1}))
        .isInstanceOf(UndefinedMetricException.class);
  }
}
