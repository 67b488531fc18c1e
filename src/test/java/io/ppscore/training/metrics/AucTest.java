package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AucTest {

  @Test
  void shouldCountTiedPairsAsOneHalf() {
    // positives 0.9, 0.7; negatives 0.7, 0.3
    // pairs: (0.9, 0.7) 1, (0.9, 0.3) 1, (0.7, 0.7) 1/2, (0.7, 0.3) 1 -> 3.5 / (2 * 2) = 0.875
    // via ranks: 0.3 -> 1, 0.7 and 0.7 -> 2.5, 0.9 -> 4; U = (4 + 2.5) - 2 * 3 / 2 = 3.5
    double[] scores = {0.9, 0.7, 0.7, 0.3};
    boolean[] positive = {true, true, false, false};

    assertThat(Auc.auc(scores, positive)).isEqualTo(0.875);
  }

  @Test
  void shouldGiveOneForPerfectAndZeroForReversedScores() {
    boolean[] positive = {true, false, true, false, false};

    assertThat(Auc.auc(new double[] {5, 2, 4, 1, 3}, positive)).isEqualTo(1.0);
    assertThat(Auc.auc(new double[] {1, 4, 2, 5, 3}, positive)).isEqualTo(0.0);
  }

  @Test
  void shouldGiveOneHalfForConstantScores() {
    assertThat(Auc.auc(new double[] {2, 2, 2}, new boolean[] {true, false, false})).isEqualTo(0.5);
  }

  @Test
  void shouldDeriveAnyPurchaseLabelsFromPositiveSpend() {
    // spend 12.5, 0, 0, 3 -> buyers score 0.9 and 0.4, non-buyers 0.2 and 0.6
    // pairs: (0.9, 0.2) 1, (0.9, 0.6) 1, (0.4, 0.2) 1, (0.4, 0.6) 0 -> 3 / 4
    assertThat(Auc.anyPurchaseAuc(new double[] {0.9, 0.2, 0.6, 0.4}, new double[] {12.5, 0, 0, 3}))
        .isEqualTo(0.75);
  }

  @Test
  void shouldRejectLabelsWithoutBothClasses() {
    assertThatThrownBy(() -> Auc.auc(new double[] {1, 2}, new boolean[] {false, false}))
        .isInstanceOf(UndefinedMetricException.class)
        .hasMessage("AUC needs positives and negatives, got 0 positives and 2 negatives");
    assertThatThrownBy(() -> Auc.auc(new double[] {1, 2}, new boolean[] {true, true}))
        .isInstanceOf(UndefinedMetricException.class)
        .hasMessage("AUC needs positives and negatives, got 2 positives and 0 negatives");
  }

  @Test
  void shouldRejectMismatchedOrNonFiniteScores() {
    assertThatThrownBy(() -> Auc.auc(new double[] {1, 2}, new boolean[] {true}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores and positive must have the same length, got 2 and 1");
    assertThatThrownBy(() -> Auc.auc(new double[] {1, Double.NaN}, new boolean[] {true, false}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores[1] must be finite, got NaN");
    assertThatThrownBy(() -> Auc.auc(new double[] {1}, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("positive must not be null");
  }
}
