package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values come from a python3 script using only the standard library ({@code math.lgamma}):
 * the paper's eq. 6 likelihood summed in linear space, eq. 10 with the plain 2F1 series (no Euler
 * transformation) summed until a term is below 1e-18 of the sum, and eq. 13 for P(alive).
 */
class BgNbdModelTest {

  private static final BgNbdModel MODEL = new BgNbdModel(0.25, 4.0, 0.8, 2.5);
  private static final CustomerHistory ONE_TIMER = new CustomerHistory(0, 0.0, 10.0, 0.0);
  private static final CustomerHistory REPEAT = new CustomerHistory(2, 5.0, 10.0, 12.0);

  @Test
  void shouldMatchClosedFormLogLikelihoodForOneTimeBuyer() {
    assertThat(MODEL.logLikelihood(ONE_TIMER)).isCloseTo(-0.31319074212384196, within(1e-12));
  }

  @Test
  void shouldMatchClosedFormLogLikelihoodForRepeatBuyers() {
    assertThat(MODEL.logLikelihood(REPEAT)).isCloseTo(-6.756946241823398, within(1e-12));
    assertThat(MODEL.logLikelihood(new CustomerHistory(1, 3.0, 10.0, 1.0)))
        .isCloseTo(-4.050239783912742, within(1e-12));
  }

  @Test
  void shouldConsiderCustomersWithoutRepeatPurchaseCertainlyAlive() {
    assertThat(MODEL.probabilityAlive(ONE_TIMER)).isEqualTo(1.0);
  }

  @Test
  void shouldMatchClosedFormProbabilityAliveForRepeatBuyer() {
    assertThat(MODEL.probabilityAlive(REPEAT)).isCloseTo(0.6181687749780772, within(1e-14));
  }

  @Test
  void shouldMatchEquationTenExpectedPurchases() {
    assertThat(MODEL.expectedPurchases(ONE_TIMER, 7.0)).isCloseTo(0.11676157224624474, within(1e-12));
    assertThat(MODEL.expectedPurchases(REPEAT, 7.0)).isCloseTo(0.6240175480164288, within(1e-12));
    assertThat(new BgNbdModel(0.25, 4.0, 1.8, 2.5).expectedPurchases(REPEAT, 7.0))
        .isCloseTo(0.3843952535224276, within(1e-12));
  }

  @Test
  void shouldStayAccurateForHeavyBuyers() {
    CustomerHistory heavy = new CustomerHistory(150, 360.0, 365.0, 30.0);
    assertThat(MODEL.expectedPurchases(heavy, 365.0)).isCloseTo(106.73188303006388, within(1e-8));
  }

  @Test
  void shouldBeContinuousAcrossTheRemovableSingularityAtAEqualsOne() {
    double below = new BgNbdModel(0.25, 4.0, 1 - 1e-6, 2.5).expectedPurchases(REPEAT, 30);
    double at = new BgNbdModel(0.25, 4.0, 1.0, 2.5).expectedPurchases(REPEAT, 30);
    double above = new BgNbdModel(0.25, 4.0, 1 + 1e-6, 2.5).expectedPurchases(REPEAT, 30);
    assertThat(at).isCloseTo(below, within(1e-5)).isCloseTo(above, within(1e-5));
  }

  @Test
  void shouldMatchDerivedProbabilityOfAnyPurchase() {
    // python: P(alive) * (1 - ((alpha+T)/(alpha+T+t))^(r+x))
    assertThat(MODEL.probabilityOfPurchase(ONE_TIMER, 7.0)).isCloseTo(0.09639799639015523, within(1e-14));
    assertThat(MODEL.probabilityOfPurchase(REPEAT, 7.0)).isCloseTo(0.36991164447175107, within(1e-14));
  }

  @Test
  void shouldBoundProbabilityOfPurchaseByExpectedPurchasesAndByProbabilityAlive() {
    for (double t : new double[] {1, 30, 365, 3650}) {
      double probability = MODEL.probabilityOfPurchase(REPEAT, t);
      assertThat(probability).isLessThanOrEqualTo(MODEL.expectedPurchases(REPEAT, t)); // Markov
      assertThat(probability).isLessThanOrEqualTo(MODEL.probabilityAlive(REPEAT));
    }
    assertThat(MODEL.probabilityOfPurchase(REPEAT, 1e12)).isCloseTo(MODEL.probabilityAlive(REPEAT), within(1e-6));
  }

  @Test
  void shouldFailRatherThanGuessForHorizonsFarBeyondTheSeriesLimit() {
    // z = t / (alpha + T + t) = 1 - 1.4e-5 needs millions of series terms
    assertThatThrownBy(() -> MODEL.expectedPurchases(REPEAT, 1e6)).isInstanceOf(ArithmeticException.class);
  }

  @Test
  void shouldPredictNothingForZeroHorizonAndRejectBadOnes() {
    assertThat(MODEL.expectedPurchases(REPEAT, 0)).isZero();
    assertThatThrownBy(() -> MODEL.expectedPurchases(REPEAT, -1)).hasMessageContaining("horizon");
    assertThatThrownBy(() -> new BgNbdModel(0.25, 0, 1, 1)).hasMessageContaining("alpha");
  }
}
