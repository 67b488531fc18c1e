package io.ppscore.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricRowTest {

  private static final double[] ACTUAL = {0, 5, 10, 0, 20, 0, 3, 0, 8, 40};

  @Test
  void shouldRecordSpearmanOfAConstantBaselineAsNullAndComputeTheOtherMetrics() {
    // Given a rank-only baseline that gives every user the same score
    ModelScores constant = ModelScores.rankOnly("constant", new double[ACTUAL.length]);

    // When
    MetricRow row = MetricRow.of(constant, 90, ACTUAL);

    // Then Spearman has no value, and the metrics that do are still there
    assertThat(row.spearman()).isNull();
    assertThat(row.gini()).isNotNull();
    assertThat(row.top10Share()).isNotNull();
    assertThat(row.auc()).isCloseTo(0.5, within(1e-12));
    assertThat(row.mae()).isNull();
    assertThat(row.hasUndefinedMetric()).isTrue();
  }

  @Test
  void shouldRecordTheMetricsNeedingSpendAsNullWhenNobodyBought() {
    // Given a model predicting spend, in a horizon where nobody bought
    double[] predicted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    ModelScores model = ModelScores.spend("model", predicted, predicted);

    // When
    MetricRow row = MetricRow.of(model, 30, new double[predicted.length]);

    // Then the error metrics are computed, the ones dividing by spend or needing buyers are null
    assertThat(row.mae()).isCloseTo(5.5, within(1e-12));
    assertThat(row.rmseLog1p()).isNotNull();
    assertThat(row.gini()).isNull();
    assertThat(row.spearman()).isNull();
    assertThat(row.top10Share()).isNull();
    assertThat(row.auc()).isNull();
    assertThat(row.decileMape()).isNull();
    assertThat(row.aggregateBias()).isNull();
  }

  @Test
  void shouldNotMarkARankOnlyModelsMissingMoneyMetricsAsUndefined() {
    double[] ranking = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    MetricRow row = MetricRow.of(ModelScores.rankOnly("rfm", ranking), 90, ACTUAL);

    assertThat(row.mae()).isNull();
    assertThat(row.hasUndefinedMetric()).isFalse();
  }

  @Test
  void shouldStillRejectInvalidInput() {
    // negative spend is a bug upstream, not an undefined metric
    double[] negative = {-1, 5, 10, 0, 20, 0, 3, 0, 8, 40};
    ModelScores model = ModelScores.rankOnly("rfm", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

    assertThatThrownBy(() -> MetricRow.of(model, 90, negative)).isInstanceOf(IllegalArgumentException.class);
  }
}
