package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpendConcentrationTest {

  // Already in prediction order; actual spend 50, 0, 30, 10, 10 (total 100),
  // so the cumulative spend of the top k users is 0, 50, 50, 80, 90, 100 for k = 0..5.
  private static final double[] PRED = {0.9, 0.8, 0.7, 0.2, 0.1};
  private static final double[] ACTUAL = {50, 0, 30, 10, 10};

  @Test
  void shouldCaptureSpendOfTheTopCeilNTimesFractionUsers() {
    // 5 * 0.2 = 1 user -> 50 / 100; 5 * 0.3 = 1.5 -> 2 users -> 50 / 100; 5 * 0.5 = 2.5 -> 3 users -> 80 / 100
    assertThat(SpendConcentration.topShareCaptured(PRED, ACTUAL, 0.2)).isEqualTo(0.5);
    assertThat(SpendConcentration.topShareCaptured(PRED, ACTUAL, 0.3)).isEqualTo(0.5);
    assertThat(SpendConcentration.topShareCaptured(PRED, ACTUAL, 0.5)).isEqualTo(0.8);
    assertThat(SpendConcentration.topShareCaptured(PRED, ACTUAL, 1.0)).isEqualTo(1.0);
  }

  @Test
  void shouldTargetAtLeastOneUser() {
    assertThat(SpendConcentration.topShareCaptured(PRED, ACTUAL, 0.001)).isEqualTo(0.5);
  }

  @Test
  void shouldNotAddAUserForFloatingPointNoiseInNTimesFraction() {
    // 100 * 0.07 == 7.000000000000001 in doubles: a plain ceil would target 8 users and capture 0.08
    double[] pred = new double[100];
    double[] actual = new double[100];
    for (int i = 0; i < 100; i++) {
      pred[i] = 100 - i;
      actual[i] = 1;
    }

    assertThat(SpendConcentration.topShareCaptured(pred, actual, 0.07)).isEqualTo(0.07);
  }

  @Test
  void shouldCountATieCutAtTheBoundaryWithItsMeanSpend() {
    // all tied: the top 25 % of 4 users is one user of the tie, who spends 60 / 4 = 15 on average
    double[] tied = {1, 1, 1, 1};

    assertThat(SpendConcentration.topShareCaptured(tied, new double[] {0, 10, 20, 30}, 0.25)).isEqualTo(0.25);
    assertThat(SpendConcentration.topShareCaptured(tied, new double[] {30, 20, 10, 0}, 0.25)).isEqualTo(0.25);
    // pred {2, 1, 1, 0}: top half is user 0 (50) and one of the tied users 1, 2 (mean (30 + 10) / 2 = 20)
    //   -> 70 of 100, whichever of the tied users comes first in the input
    assertThat(SpendConcentration.topShareCaptured(new double[] {2, 1, 1, 0}, new double[] {50, 30, 10, 10}, 0.5))
        .isCloseTo(0.7, within(1e-12));
    assertThat(SpendConcentration.topShareCaptured(new double[] {2, 1, 1, 0}, new double[] {50, 10, 30, 10}, 0.5))
        .isCloseTo(0.7, within(1e-12));
  }

  @Test
  void shouldTraceTheGainCurveAtEvenlySpacedTargets() {
    // targets 0, 0.2, .., 1 of 5 users -> k = 0..5 -> spend 0, 50, 50, 80, 90, 100 out of 100
    assertThat(SpendConcentration.gainCurve(PRED, ACTUAL, 6)).containsExactly(
        new GainPoint(0, 0), new GainPoint(0.2, 0.5), new GainPoint(0.4, 0.5),
        new GainPoint(0.6, 0.8), new GainPoint(0.8, 0.9), new GainPoint(1, 1));
  }

  @Test
  void shouldReportTheUserShareActuallyTargetedOnTheGainCurve() {
    // target 0.5 of 5 users = ceil(2.5) = 3 users: the point is (3 / 5, 80 / 100), not (0.5, ..)
    assertThat(SpendConcentration.gainCurve(PRED, ACTUAL, 3)).containsExactly(
        new GainPoint(0, 0), new GainPoint(0.6, 0.8), new GainPoint(1, 1));
  }

  @Test
  void shouldEndTheGainCurveAtExactlyOne() {
    double[] actual = {0.1, 0.2, 0.3, 0.7, 0.3};

    var curve = SpendConcentration.gainCurve(new double[] {5, 1, 4, 2, 3}, actual, 11);

    assertThat(curve).hasSize(11);
    assertThat(curve.get(10)).isEqualTo(new GainPoint(1, 1));
  }

  @Test
  void shouldRejectFractionsOutsideZeroToOne() {
    for (double fraction : new double[] {0, -0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> SpendConcentration.topShareCaptured(PRED, ACTUAL, fraction))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("fraction must be in (0, 1]");
    }
  }

  @Test
  void shouldRejectFewerThanTwoGainPoints() {
    assertThatThrownBy(() -> SpendConcentration.gainCurve(PRED, ACTUAL, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("points must be at least 2, got 1");
  }

  @Test
  void shouldRejectSharesOfZeroTotalSpend() {
    double[] none = new double[5];

    assertThatThrownBy(() -> SpendConcentration.topShareCaptured(PRED, none, 0.1))
        .isInstanceOf(UndefinedMetricException.class);
    assertThatThrownBy(() -> SpendConcentration.gainCurve(PRED, none, 5))
        .isInstanceOf(UndefinedMetricException.class);
  }
}
