package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Hypergeometric2F1Test {

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1e-8, 0.3, 0.9, 0.99, 0.999})
  void shouldMatchMinusLogOneMinusZOverZForOneOneTwo(double z) {
    double expected = z == 0 ? 1.0 : -Math.log1p(-z) / z;
    assertThat(Hypergeometric2F1.value(1, 1, 2, z)).isCloseTo(expected, within(1e-13 * expected));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.95})
  void shouldMatchBinomialSeriesWhenBEqualsC(double z) {
    double expected = Math.pow(1 - z, -2.5);
    assertThat(Hypergeometric2F1.value(2.5, 1.7, 1.7, z)).isCloseTo(expected, within(1e-12 * expected));
  }

  @Test
  void shouldMatchArcsinClosedForm() {
    double x = 0.8; // 2F1(1/2, 1/2; 3/2; x^2) = asin(x) / x
    assertThat(Hypergeometric2F1.value(0.5, 0.5, 1.5, x * x)).isCloseTo(Math.asin(x) / x, within(1e-13));
  }

  @Test
  void shouldTerminateForNegativeIntegerA() {
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1))
    double b = 1.5;
    double c = 2.5;
    double z = 0.4;
    double expected = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1));
    assertThat(Hypergeometric2F1.value(-2, b, c, z)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void shouldKeepRelativePrecisionOfValueMinusOneNearOne() {
    // (1)_n (e)_n / ((2)_n n!) = e (n-1)! / (n+1)! + O(e^2), so 2F1(1, e; 2; z) - 1 is, to O(e^2),
    // e * sum z^n / (n (n+1)) = e * (1 - ln(1-z) + ln(1-z) / z)
    double z = 0.5;
    double expected = 1e-12 * (1 - Math.log1p(-z) + Math.log1p(-z) / z);
    assertThat(Hypergeometric2F1.valueMinusOne(1, 1e-12, 2, z)).isCloseTo(expected, within(1e-10 * expected));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 0.9})
  void shouldGiveTheFiniteLimitOfCTimesValueMinusOneAtCEqualsZero(double z) {
    // c (2F1(1, 1; c; z) - 1) at c = 0 is sum_n>=1 n! n! z^n / ((n-1)! n!) = sum n z^n = z / (1-z)^2
    double expected = z / ((1 - z) * (1 - z));
    assertThat(Hypergeometric2F1.valueMinusOneTimesC(1, 1, 0, z)).isCloseTo(expected, within(1e-13 * expected));
    // and away from 0 it is c times valueMinusOne
    assertThat(Hypergeometric2F1.valueMinusOneTimesC(1, 1, 2, z))
        .isCloseTo(2 * Hypergeometric2F1.valueMinusOne(1, 1, 2, z), within(1e-15));
  }

  @Test
  void shouldRejectZOutsideTheUnitIntervalAndNonPositiveIntegerC() {
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, 1.0)).hasMessageContaining("0 <= z < 1");
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, -0.1)).hasMessageContaining("0 <= z < 1");
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, -2, 0.5)).hasMessageContaining("c = 0, -1");
  }

  @Test
  void shouldFailRatherThanReturnAnUnconvergedSum() {
    assertThatThrownBy(() -> Hypergeometric2F1.value(1, 1, 2, 1 - 1e-9))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("did not converge");
  }

  @Test
  void shouldConvergeQuicklyWhenAAndCAreHugeAndNearlyEqual() {
    // Parameters a degenerate BG/NBD fit produced (r + x and a + b + x - 1 in the millions). The terms
    // shrink like those of (1 - z)^-b at once; a guard waiting for n > |a| + |b| gave up after 200,000
    // terms. Expected: the series summed in python (2,000 terms, plain floats) = -0.5748611048259858.
    assertThat(Hypergeometric2F1.valueMinusOne(3588368.3907059827, -0.9999464193392937, 3588369.2040034677,
        0.574880719684917)).isCloseTo(-0.5748611048259858, org.assertj.core.data.Offset.offset(1e-12));
  }
}
