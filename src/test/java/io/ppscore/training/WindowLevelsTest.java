package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowLevelsTest {

  @Test
  void shouldMeasureEachWindowsSpendAsLogOfActualOverPredicted() {
    // rows 0-1 in window 0 (actual 30, predicted 60), rows 2-3 in window 1 (actual 90, predicted 30), window 2 empty of buyers
    int[] window = {0, 0, 1, 1, 2};
    double[] levels = WindowLevels.spendLevels(window, 3, new double[] {10, 20, 90, 0, 0}, new double[] {20, 40, 10, 20, 5});

    assertThat(levels[0]).isCloseTo(Math.log(0.5), within(1e-12));
    assertThat(levels[1]).isCloseTo(Math.log(3.0), within(1e-12));
    assertThat(levels[2]).isZero();
  }

  @Test
  void shouldMeasureEachWindowsPurchaseRateOnTheLogOddsScale() {
    // window 0: 3 of 4 bought, predicted mean 0.5; window 1: 1 of 4 bought, predicted mean 0.25
    int[] window = {0, 0, 0, 0, 1, 1, 1, 1};
    double[] levels = WindowLevels.purchaseLevels(window, 2, new double[] {1, 1, 1, 0, 1, 0, 0, 0},
        new double[] {0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25});

    assertThat(levels[0]).isCloseTo(Math.log(3.0), within(1e-9));
    assertThat(levels[1]).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void shouldCentreTheOffsetsOnTheRowWeightedMeanLevel() {
    // three rows at level 1, one at level -3: mean 0
    double[] offsets = WindowLevels.offsets(new int[] {0, 0, 0, 1}, new double[] {1, -3});

    assertThat(offsets).containsExactly(1, 1, 1, -3);
    assertThat(WindowLevels.offsets(new int[] {0, 1}, new double[] {2, 4})).containsExactly(-1, 1);
  }

  @Test
  void shouldRejectAWindowWithoutPredictedSpend() {
    assertThatThrownBy(() -> WindowLevels.spendLevels(new int[] {0}, 1, new double[] {5}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window 0 must be positive");
  }

  @Test
  void shouldGiveNoPurchaseLevelToAWindowWithoutBuyersOrWithOnlyBuyers() {
    // window 0: nobody bought; window 1: everybody bought; window 2: 1 of 2 bought against 0.25 predicted
    double[] levels = WindowLevels.purchaseLevels(new int[] {0, 0, 1, 1, 2, 2}, 3, new double[] {0, 0, 1, 1, 1, 0},
        new double[] {0.25, 0.25, 0.25, 0.25, 0.25, 0.25});

    assertThat(levels[0]).isZero();
    assertThat(levels[1]).isZero();
    assertThat(levels[2]).isCloseTo(Math.log(3.0), within(1e-9));
  }

  @Test
  void shouldFindTheLogOddsShiftThatMatchesAPurchaseRate() {
    assertThat(WindowLevels.purchaseShift(new double[] {-1, 1}, 0.5)).isCloseTo(0.0, within(1e-9));
    assertThat(WindowLevels.purchaseShift(new double[] {0}, 1 / (1 + Math.exp(-1.0)))).isCloseTo(1.0, within(1e-9));
    // a window where nobody or everybody bought: no shift
    assertThat(WindowLevels.purchaseShift(new double[] {-1, 1}, 0.0)).isZero();
    assertThat(WindowLevels.purchaseShift(new double[] {-1, 1}, 1.0)).isZero();
    // far outside any fixed bracket: raw scores around -60 and a rate of one half
    assertThat(WindowLevels.purchaseShift(new double[] {-61, -59}, 0.5)).isCloseTo(60.0, within(1e-9));
    double d = WindowLevels.purchaseShift(new double[] {-2, 0, 3}, 0.3);
    double mean = (sigmoid(-2 + d) + sigmoid(d) + sigmoid(3 + d)) / 3;
    assertThat(mean).isCloseTo(0.3, within(1e-9));
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
