package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.MathContext;
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
  void shouldNotOverflowWhenTheDropoutShapeIsInTheThousands() {
    // Given a fit on homogeneous dropout (a and b in the thousands) and a customer with two repeat purchases
    BgNbdModel model = new BgNbdModel(0.5, 50, 3000, 12000);
    CustomerHistory customer = new CustomerHistory(2, 50, 200, 0);

    // When the purchases of the next 90 days are predicted (the Euler-transformed series alone,
    // 2F1(14998.5, 2999; 15001; 0.26), overflowed a double and threw ArithmeticException)
    double expected = model.expectedPurchases(customer, 90);

    // Then it is eq. 10 summed directly in 40-digit decimals (mpmath's hyp2f1: 0.22987872604219486)
    double reference = equationTenWithPlainSeries(0.5, 50, 3000, 12000, 2, 50, 200, 90);
    assertThat(reference).isCloseTo(0.22987872604219486, within(1e-15));
    assertThat(expected).isCloseTo(reference, within(1e-12));
    // and so for a and b near e^30, where a fit on homogeneous dropout can push them
    assertThat(new BgNbdModel(0.5, 50, 1e13, 4e13).expectedPurchases(customer, 90))
        .isCloseTo(equationTenWithPlainSeries(0.5, 50, 1e13, 4e13, 2, 50, 200, 90), within(1e-12));
  }

  @Test
  void shouldTakeTheLimitWhereTheSeriesParameterCIsZero() {
    // Given a + b = 1 exactly in doubles and a customer without repeat purchases: c = a + b + x - 1 = 0
    BgNbdModel model = new BgNbdModel(0.5, 10, 0.02, 0.98);
    CustomerHistory customer = new CustomerHistory(0, 0, 30, 0);

    // When the purchases of the next 30 days are predicted (2F1 with c = 0 threw IllegalArgumentException)
    double expected = model.expectedPurchases(customer, 30);

    // Then it is eq. 10's limit at c -> 0: c 2F1(r, b; c; z) - c -> sum_n>=1 (r)_n (b)_n z^n / ((n-1)! n!), so
    // E = -(1-z)^r / (a-1) * that sum, summed in 40-digit decimals (mpmath at c = +-1e-30: 0.371728249730178477)
    double z = 30.0 / (10 + 30 + 30);
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal r = new BigDecimal("0.5");
    BigDecimal b = new BigDecimal(0.98);
    BigDecimal zz = new BigDecimal(z);
    BigDecimal term = r.multiply(b, mc).multiply(zz, mc); // n = 1
    BigDecimal sum = term;
    for (int n = 1; term.abs().compareTo(new BigDecimal("1e-36")) > 0; n++) {
      // term(n+1) / term(n) = (r+n) (b+n) z / (n (n+1))
      term = term.multiply(r.add(BigDecimal.valueOf(n)).multiply(b.add(BigDecimal.valueOf(n)), mc), mc)
          .multiply(zz, mc).divide(BigDecimal.valueOf((long) n * (n + 1)), mc);
      sum = sum.add(term, mc);
    }
    double reference = -Math.sqrt(1 - z) / (0.02 - 1) * sum.doubleValue();
    assertThat(reference).isCloseTo(0.371728249730178477, within(1e-15));
    assertThat(expected).isCloseTo(reference, within(1e-12));
  }

  @Test
  void shouldFallBackToTheOriginalSeriesWhenTheEulerFormCancels() {
    // Given r far above a + b: the Euler form's first parameter a+b-1-r is near -500, its terms alternate
    // and reach ~1e25 before they cancel (it gave -1.47e19 for the one-timer, -9.3e18 at c = 0)
    CustomerHistory oneTimer = new CustomerHistory(0, 0, 365, 0);
    BgNbdModel model = new BgNbdModel(500, 4.4, 0.2, 0.81);
    BgNbdModel atZeroC = new BgNbdModel(500, 4.4, 0.2, 0.8); // a + b - 1 = 0 in doubles

    // When the purchases of the next 90 days are predicted
    double expected = model.expectedPurchases(oneTimer, 90);
    double expectedAtZeroC = atZeroC.expectedPurchases(oneTimer, 90);

    // Then they are eq. 10 summed directly in 34-digit decimals (mpmath's hyp2f1, 60 digits: 50.16412791125533
    // and, at c = 1e-40, 49.98075069586185)
    double reference = equationTenWithPlainSeries(500, 4.4, 0.2, 0.81, 0, 0, 365, 90);
    assertThat(reference).isCloseTo(50.16412791125533, within(1e-12));
    assertThat(expected).isCloseTo(reference, within(1e-9 * reference));
    double referenceAtZeroC = equationTenLimitAtZeroC(500, 4.4, 0.2, 0.8, 365, 90);
    assertThat(referenceAtZeroC).isCloseTo(49.98075069586185, within(1e-12));
    assertThat(expectedAtZeroC).isCloseTo(referenceAtZeroC, within(1e-9 * referenceAtZeroC));
  }

  @Test
  void shouldAcceptASeriesWhoseCancellationIsScaledAwayByItsPrefactor() {
    // Given fits with r large next to alpha + T: (1-z)^(r+x) is below 1e-50, so the series' own cancellation,
    // large next to 2F1 - 1, is far below the bracket 1 - (1-z)^(r+x) 2F1 it enters (the first precision check
    // judged it against the series' sum and refused all three)
    CustomerHistory oneTimerOfADay = new CustomerHistory(0, 0, 1, 0);
    CustomerHistory heavyBuyer = new CustomerHistory(100, 0.5, 1, 0);

    // When the purchases of the next 90 or 365 days are predicted
    double fast = new BgNbdModel(200, 0.1, 30, 30).expectedPurchases(oneTimerOfADay, 90);
    double faster = new BgNbdModel(500, 2, 30, 300).expectedPurchases(oneTimerOfADay, 90);
    double heavy = new BgNbdModel(200, 30, 1.5, 0.81).expectedPurchases(heavyBuyer, 365);

    // Then they are the limit of eq. 10 when the bracket is 1, (a+b-1)/(a-1) = 59/29 and 329/29 (a one-timer is
    // alive for sure), and, for the heavy buyer, mpmath's hyp2f1 at 60 digits: 56.76964025783976
    assertThat(fast).isCloseTo(59.0 / 29, within(1e-12));
    assertThat(faster).isCloseTo(329.0 / 29, within(1e-12));
    assertThat(heavy).isCloseTo(56.76964025783976, within(1e-9 * 56.77));
  }

  @Test
  void shouldKeepFullPrecisionWhenTheEulerFormCancelsOnlyPartly() {
    // Given r = 100 next to a + b = 2.5: the Euler form's terms alternate and lose about five digits
    BgNbdModel model = new BgNbdModel(100, 100, 0.5, 2);
    CustomerHistory oneTimer = new CustomerHistory(0, 0, 1, 0);

    // When / Then each horizon matches eq. 10 summed in decimals (it was off by 1.3e-5 relative); mpmath: 30 days
    // 11.71665713037957, 365 days 47.54899762793022
    for (double t : new double[] {1, 7, 30, 90, 365}) {
      double reference = equationTenWithPlainSeries(100, 100, 0.5, 2, 0, 0, 1, t);
      assertThat(model.expectedPurchases(oneTimer, t)).as("t = %s", t).isCloseTo(reference, within(1e-10 * reference));
    }
    assertThat(equationTenWithPlainSeries(100, 100, 0.5, 2, 0, 0, 1, 30)).isCloseTo(11.71665713037957, within(1e-12));
    assertThat(equationTenWithPlainSeries(100, 100, 0.5, 2, 0, 0, 1, 365)).isCloseTo(47.54899762793022, within(1e-12));
  }

  /**
   * Eq. 10's limit at c = a+b-1 = 0 for a customer without repeat purchases, in 34-digit decimals:
   * c 2F1(r, b; c; z) - c -> sum_n>=1 (r)_n (b)_n z^n / ((n-1)! n!), so E = -(1-z)^r / (a-1) * that sum;
   * r must be an integer.
   */
  private static double equationTenLimitAtZeroC(double r, double alpha, double a, double b, double age, double t) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal z = new BigDecimal(t).divide(new BigDecimal(alpha + age + t), mc);
    BigDecimal rr = new BigDecimal(r);
    BigDecimal bb = new BigDecimal(b);
    BigDecimal term = rr.multiply(bb, mc).multiply(z, mc); // n = 1
    BigDecimal sum = term;
    for (int n = 1; term.abs().compareTo(sum.abs().multiply(new BigDecimal("1e-36"))) > 0; n++) {
      // term(n+1) / term(n) = (r+n) (b+n) z / (n (n+1))
      term = term.multiply(rr.add(BigDecimal.valueOf(n)).multiply(bb.add(BigDecimal.valueOf(n)), mc), mc)
          .multiply(z, mc).divide(BigDecimal.valueOf((long) n * (n + 1)), mc);
      sum = sum.add(term, mc);
    }
    assertThat(r).isEqualTo(Math.rint(r));
    BigDecimal power = BigDecimal.ONE.subtract(z, mc).pow((int) r, mc);
    return power.multiply(sum, mc).negate().doubleValue() / (a - 1);
  }

  /**
   * Eq. 10 with the plain series 2F1(r+x, b+x; a+b+x-1; z) summed in 34-digit decimals and
   * (1-z)^(r+x) taken as (1-z)^(r+x-1/2) sqrt(1-z), so r+x must be an integer or an integer plus 1/2.
   */
  private static double equationTenWithPlainSeries(double r, double alpha, double a, double b, int x, double tx,
      double age, double t) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal z = new BigDecimal(t).divide(new BigDecimal(alpha + age + t), mc);
    BigDecimal p = new BigDecimal(r + x);
    BigDecimal q = new BigDecimal(b + x);
    BigDecimal c = new BigDecimal(a + b + x - 1);
    BigDecimal term = BigDecimal.ONE;
    BigDecimal series = BigDecimal.ONE;
    for (int n = 0; term.abs().compareTo(series.abs().multiply(new BigDecimal("1e-36"))) > 0; n++) {
      BigDecimal bn = BigDecimal.valueOf(n);
      term = term.multiply(p.add(bn).multiply(q.add(bn), mc), mc).multiply(z, mc)
          .divide(c.add(bn).multiply(BigDecimal.valueOf(n + 1), mc), mc);
      series = series.add(term, mc);
    }
    BigDecimal oneMinusZ = BigDecimal.ONE.subtract(z, mc);
    int whole = (int) Math.floor(r + x);
    assertThat(r + x - whole).isIn(0.0, 0.5);
    BigDecimal power = oneMinusZ.pow(whole, mc);
    if (r + x - whole == 0.5) {
      power = power.multiply(oneMinusZ.sqrt(mc), mc);
    }
    double bracket = BigDecimal.ONE.subtract(power.multiply(series, mc), mc).doubleValue();
    double alive = x == 0 ? 1 : 1 / (1 + a / (b + x - 1) * Math.pow((alpha + age) / (alpha + tx), r + x));
    return (a + b + x - 1) / (a - 1) * bracket * alive;
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
    // and so when z rounds to 1 (it was 2F1's IllegalArgumentException, which evaluate treats as a bug)
    CustomerHistory newcomer = new CustomerHistory(0, 0, 1e-3, 0);
    assertThatThrownBy(() -> new BgNbdModel(0.25, 1e-300, 0.8, 2.5).expectedPurchases(newcomer, 1e15))
        .isInstanceOf(ArithmeticException.class).hasMessageContaining("z rounds to 1");
  }

  @Test
  void shouldPredictNothingForZeroHorizonAndRejectBadOnes() {
    assertThat(MODEL.expectedPurchases(REPEAT, 0)).isZero();
    assertThatThrownBy(() -> MODEL.expectedPurchases(REPEAT, -1)).hasMessageContaining("horizon");
    assertThatThrownBy(() -> new BgNbdModel(0.25, 0, 1, 1)).hasMessageContaining("alpha");
  }
}
