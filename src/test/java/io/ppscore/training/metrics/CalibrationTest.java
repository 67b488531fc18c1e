package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTest {

  // 12 users given in descending prediction order, so the metric has to sort them.
  // Sorted ascending: pred 1..12, actual 2, 2, 3, 5, 0, 8, 7, 8, 9, 10, 11, 12.
  // 12 % 10 = 2: deciles 1 and 2 hold 2 users, deciles 3..10 one user each.
  private static final double[] PRED = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  private static final double[] ACTUAL = {12, 11, 10, 9, 8, 7, 8, 0, 5, 3, 2, 2};

  @Test
  void shouldSplitUsersByAscendingPredictionLikeArraySplit() {
    // decile 1: pred 1, 2 -> 1.5; actual 2, 2 -> 2     decile 2: pred 3, 4 -> 3.5; actual 3, 5 -> 4
    // decile 3: pred 5, actual 0                        decile 4: pred 6, actual 8
    // deciles 5..10: pred = actual = 7..12
    var table = Calibration.decileTable(PRED, ACTUAL);

    assertThat(table).hasSize(10);
    assertThat(table.subList(0, 4)).containsExactly(
        new DecileRow(1, 2, 1.5, 2), new DecileRow(2, 2, 3.5, 4),
        new DecileRow(3, 1, 5, 0), new DecileRow(4, 1, 6, 8));
    for (int d = 5; d <= 10; d++) {
      assertThat(table.get(d - 1)).isEqualTo(new DecileRow(d, 1, d + 2, d + 2));
    }
  }

  @Test
  void shouldAverageRelativeDecileErrorsSkippingDecilesWithoutSpend() {
    // decile 1: |1.5 - 2| / 2 = 0.25; decile 2: |3.5 - 4| / 4 = 0.125; decile 3: mean actual 0, skipped
    // decile 4: |6 - 8| / 8 = 0.25; deciles 5..10: 0
    // mean over the 9 deciles used: (0.25 + 0.125 + 0.25) / 9 = 0.625 / 9
    assertThat(Calibration.decileMape(PRED, ACTUAL)).isCloseTo(0.625 / 9, within(1e-12));
  }

  @Test
  void shouldGiveUsersOfATieSplitByADecileBoundaryTheTiesMeanSpend() {
    // pred 0 for users 0..3 (actual 40, 0, 0, 0: mean 10), then 1..6 for the rest (actual = pred)
    // 10 users, one per decile: deciles 1..4 are the tie, each with mean actual 10, whatever the input order
    double[] pred = {0, 0, 0, 0, 1, 2, 3, 4, 5, 6};
    double[] actualTieFirst = {40, 0, 0, 0, 1, 2, 3, 4, 5, 6};
    double[] actualTieLast = {0, 0, 0, 40, 1, 2, 3, 4, 5, 6};

    for (double[] actual : new double[][] {actualTieFirst, actualTieLast}) {
      var table = Calibration.decileTable(pred, actual);
      assertThat(table.subList(0, 4)).extracting(DecileRow::meanActual).containsExactly(10.0, 10.0, 10.0, 10.0);
      assertThat(table.get(4)).isEqualTo(new DecileRow(5, 1, 1, 1));
    }
  }

  @Test
  void shouldGiveTheFirstNModTenDecilesOneExtraUser() {
    double[] values = new double[23];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 1;
    }

    assertThat(Calibration.decileTable(values, values)).extracting(DecileRow::count)
        .containsExactly(3, 3, 3, 2, 2, 2, 2, 2, 2, 2);
  }

  @Test
  void shouldGiveZeroMapeForPerfectPredictions() {
    double[] spend = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    assertThat(Calibration.decileMape(spend, spend)).isZero();
  }

  @Test
  void shouldRejectFewerThanTenUsers() {
    assertThatThrownBy(() -> Calibration.decileTable(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3, 4}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("decile metrics need at least 10 users, got 4");
  }

  @Test
  void shouldRejectMapeWhenNoDecileHasSpend() {
    assertThatThrownBy(() -> Calibration.decileMape(PRED, new double[12]))
        .isInstanceOf(UndefinedMetricException.class);
  }
}
