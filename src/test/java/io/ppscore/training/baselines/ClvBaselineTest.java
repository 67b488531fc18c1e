package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClvBaselineTest {

  private static final BgNbdModel PURCHASES = new BgNbdModel(0.25, 4.0, 0.8, 2.5);
  private static final GammaGammaModel SPEND = new GammaGammaModel(6.0, 4.0, 15.0);
  private static final CustomerHistory REPEAT = new CustomerHistory(2, 5.0, 10.0, 12.0);

  @Test
  void shouldMultiplyExpectedPurchasesByExpectedSpendPerPurchase() {
    ClvBaseline baseline = new ClvBaseline(PURCHASES, SPEND);
    // E[Y(7)] = 0.6240175480164288 (python, see BgNbdModelTest); E[spend] = (15 + 2*12) * 6 / (12 + 3) = 15.6
    assertThat(baseline.predictedSpend(REPEAT, 7.0)).isCloseTo(0.6240175480164288 * 15.6, within(1e-10));
  }

  @Test
  void shouldTakePurchaseProbabilityFromBgNbd() {
    ClvBaseline baseline = new ClvBaseline(PURCHASES, SPEND);
    assertThat(baseline.probabilityOfPurchase(REPEAT, 7.0)).isCloseTo(0.36991164447175107, within(1e-14));
  }
}
