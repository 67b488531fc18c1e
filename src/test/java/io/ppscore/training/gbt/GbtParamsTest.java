package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GbtParamsTest {

  private static final GbtParams OK = GbtParams.defaults(Loss.SQUARED);

  static Stream<Arguments> invalidParams() {
    return Stream.of(
        invalid(() -> OK.withTrees(0), "trees must be at least 1, was 0"),
        invalid(() -> new GbtParams(1, 0, 3, 1, 1, 64, 1, 1, Loss.SQUARED),
            "learningRate must be in (0, 1], was 0.0"),
        invalid(() -> new GbtParams(1, 1.5, 3, 1, 1, 64, 1, 1, Loss.SQUARED),
            "learningRate must be in (0, 1], was 1.5"),
        invalid(() -> OK.withTreeShape(0, 1), "maxDepth must be in [1, 16], was 0"),
        invalid(() -> OK.withTreeShape(17, 1), "maxDepth must be in [1, 16], was 17"),
        invalid(() -> OK.withTreeShape(3, 0), "minSamplesLeaf must be at least 1, was 0"),
        invalid(() -> new GbtParams(1, 0.1, 3, 1, -1, 64, 1, 1, Loss.SQUARED),
            "l2 must be finite and not negative, was -1.0"),
        invalid(() -> new GbtParams(1, 0.1, 3, 1, Double.NaN, 64, 1, 1, Loss.SQUARED),
            "l2 must be finite and not negative, was NaN"),
        invalid(() -> new GbtParams(1, 0.1, 3, 1, 1, 1, 1, 1, Loss.SQUARED), "maxBins must be in [2, 256], was 1"),
        invalid(() -> new GbtParams(1, 0.1, 3, 1, 1, 257, 1, 1, Loss.SQUARED), "maxBins must be in [2, 256], was 257"),
        invalid(() -> OK.withSubsample(0, 1), "subsample must be in (0, 1], was 0.0"),
        invalid(() -> OK.withSubsample(1.01, 1), "subsample must be in (0, 1], was 1.01"));
  }

  private static Arguments invalid(Supplier<GbtParams> params, String message) {
    return Arguments.of(params, message);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalidParams")
  void shouldRejectInvalidParameterWithMessageNamingIt(Supplier<GbtParams> params, String message) {
    assertThatThrownBy(params::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void shouldRejectMissingLoss() {
    assertThatThrownBy(() -> GbtParams.defaults(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("loss must not be null");
  }

  @Test
  void shouldKeepOtherParametersInCopies() {
    GbtParams copy = OK.withSubsample(0.5, 9L).withTrees(7);
    assertThat(copy).isEqualTo(new GbtParams(7, 0.1, 6, 20, 1.0, 64, 0.5, 9L, Loss.SQUARED));
  }
}
