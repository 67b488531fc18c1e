package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every metric rejects the same malformed input with the same kind of message. */
class ArgumentChecksTest {

  static Stream<Arguments> metrics() {
    return Stream.of(
        Arguments.of("normalizedGini", (Metric) RankMetrics::normalizedGini),
        Arguments.of("spearman", (Metric) RankMetrics::spearman),
        Arguments.of("topShareCaptured", (Metric) (p, a) -> SpendConcentration.topShareCaptured(p, a, 0.1)),
        Arguments.of("gainCurve", (Metric) (p, a) -> SpendConcentration.gainCurve(p, a, 5).size()),
        Arguments.of("anyPurchaseAuc", (Metric) Auc::anyPurchaseAuc),
        Arguments.of("mae", (Metric) ErrorMetrics::mae),
        Arguments.of("rmseLog1p", (Metric) ErrorMetrics::rmseLog1p),
        Arguments.of("aggregateBias", (Metric) ErrorMetrics::aggregateBias),
        Arguments.of("decileMape", (Metric) Calibration::decileMape));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metrics")
  void shouldRejectNullArrays(String name, Metric metric) {
    assertThatThrownBy(() -> metric.evaluate(null, new double[] {1}))
        .isInstanceOf(NullPointerException.class)
        .hasMessageEndingWith("must not be null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metrics")
  void shouldRejectEmptyArrays(String name, Metric metric) {
    assertThatThrownBy(() -> metric.evaluate(new double[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("must not be empty");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metrics")
  void shouldRejectArraysOfDifferentLengths(String name, Metric metric) {
    assertThatThrownBy(() -> metric.evaluate(new double[] {1, 2, 3}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("must have the same length, got 3 and 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("metrics")
  void shouldRejectNonFiniteValues(String name, Metric metric) {
    assertThatThrownBy(() -> metric.evaluate(new double[] {1, Double.POSITIVE_INFINITY}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("[1] must be finite, got Infinity");
    assertThatThrownBy(() -> metric.evaluate(new double[] {1, 2}, new double[] {Double.NaN, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("[0] must be finite, got NaN");
  }
}
