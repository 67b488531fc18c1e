package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorMetricsTest {

  @Test
  void shouldAverageAbsoluteErrors() {
    // |1 - 2| + |2 - 2| + |3 - 5| + |4 - 0| = 1 + 0 + 2 + 4 = 7; 7 / 4 = 1.75
    assertThat(ErrorMetrics.mae(new double[] {1, 2, 3, 4}, new double[] {2, 2, 5, 0})).isEqualTo(1.75);
  }

  @Test
  void shouldComputeRmseOnTheLog1pScaleWithNegativePredictionsClampedToZero() {
    // log1p(pred): 0, log(e) = 1, -5 clamped to 0 -> 0; log1p(actual): 0, 0, log(e^2) = 2
    // errors 0, 1, -2; squares 0, 1, 4; mean 5 / 3; rmse = sqrt(5 / 3)
    double[] pred = {0, Math.E - 1, -5};
    double[] actual = {0, 0, Math.E * Math.E - 1};

    assertThat(ErrorMetrics.rmseLog1p(pred, actual)).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
  }

  @Test
  void shouldGiveZeroErrorForExactPredictions() {
    double[] spend = {0, 3.5, 120};

    assertThat(ErrorMetrics.mae(spend, spend)).isZero();
    assertThat(ErrorMetrics.rmseLog1p(spend, spend)).isZero();
    assertThat(ErrorMetrics.aggregateBias(spend, spend)).isZero();
  }

  @Test
  void shouldMeasureAggregateBiasOfTotals() {
    // sum(pred) = 10 + 20 + 30 = 60; sum(actual) = 20 + 20 + 10 = 50; 60 / 50 - 1 = 0.2
    assertThat(ErrorMetrics.aggregateBias(new double[] {10, 20, 30}, new double[] {20, 20, 10}))
        .isCloseTo(0.2, within(1e-12));
  }

  @Test
  void shouldRejectAggregateBiasOfZeroTotalSpend() {
    assertThatThrownBy(() -> ErrorMetrics.aggregateBias(new double[] {1, 2}, new double[] {0, 0}))
        .isInstanceOf(UndefinedMetricException.class)
        .hasMessageContaining("total actual spend is 0");
  }

  @Test
  void shouldRejectNegativeSpendForLogError() {
    assertThatThrownBy(() -> ErrorMetrics.rmseLog1p(new double[] {1}, new double[] {-2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actual[0] is spend and must not be negative, got -2.0");
  }
}
