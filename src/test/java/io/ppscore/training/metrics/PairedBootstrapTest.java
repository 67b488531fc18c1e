package io.ppscore.training.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  private static final int USERS = 200;
  private final double[] actual = new double[USERS];
  private final double[] good = new double[USERS];
  private final double[] noise = new double[USERS];

  PairedBootstrapTest() {
    // model A sees spend through a little noise, model B predicts pure noise
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < USERS; i++) {
      actual[i] = random.nextDouble() < 0.3 ? 0 : -100 * Math.log(1 - random.nextDouble());
      good[i] = actual[i] + 10 * random.nextDouble();
      noise[i] = random.nextDouble();
    }
  }

  @Test
  void shouldGiveTheSameIntervalForTheSameSeed() {
    Interval first = PairedBootstrap.difference(actual, good, noise, RankMetrics::normalizedGini, 300, 42);
    Interval again = PairedBootstrap.difference(actual, good, noise, RankMetrics::normalizedGini, 300, 42);
    Interval other = PairedBootstrap.difference(actual, good, noise, RankMetrics::normalizedGini, 300, 43);

    assertThat(again).isEqualTo(first);
    assertThat(other.estimate()).isEqualTo(first.estimate());
    assertThat(other.lower()).isNotEqualTo(first.lower());
  }

  @Test
  void shouldContainThePointEstimateAndExcludeZeroForAClearDifference() {
    Interval gini = PairedBootstrap.difference(actual, good, noise, RankMetrics::normalizedGini, 500, 1);

    assertThat(gini.estimate()).isEqualTo(
        RankMetrics.normalizedGini(good, actual) - RankMetrics.normalizedGini(noise, actual));
    assertThat(gini.contains(gini.estimate())).isTrue();
    assertThat(gini.lower()).isGreaterThan(0);
    assertThat(gini.resamples()).isEqualTo(500);
    assertThat(gini.skipped()).isZero();
  }

  @Test
  void shouldGiveAZeroIntervalForIdenticalModels() {
    Interval same = PairedBootstrap.difference(actual, good, good.clone(), ErrorMetrics::mae, 100, 3);

    assertThat(same).isEqualTo(new Interval(0, 0, 0, 100, 0));
  }

  @Test
  void shouldBootstrapAnyPurchaseAucAndSkipResamplesWithoutBuyers() {
    // one buyer in five: a resample misses them with probability (4/5)^5 = 0.33
    double[] spend = {0, 0, 0, 0, 7};
    double[] a = {0.1, 0.2, 0.3, 0.4, 0.9};
    double[] b = {0.9, 0.2, 0.3, 0.4, 0.1};

    Interval auc = PairedBootstrap.difference(spend, a, b, Auc::anyPurchaseAuc, 200, 5);

    assertThat(auc.estimate()).isEqualTo(1.0); // A ranks the buyer first (AUC 1), B last (AUC 0)
    assertThat(auc.skipped()).isPositive();
    assertThat(auc.resamples() + auc.skipped()).isEqualTo(200);
  }

  @Test
  void shouldInterpolatePercentilesBetweenOrderStatistics() {
    // h = (5 - 1) * 0.025 = 0.1 -> 1 + 0.1 * (2 - 1) = 1.1; h = 4 * 0.975 = 3.9 -> 4 + 0.9 * (5 - 4) = 4.9
    double[] sorted = {1, 2, 3, 4, 5, 99};

    assertThat(PairedBootstrap.percentile(sorted, 5, 0.025)).isCloseTo(1.1, within(1e-12));
    assertThat(PairedBootstrap.percentile(sorted, 5, 0.975)).isCloseTo(4.9, within(1e-12));
    assertThat(PairedBootstrap.percentile(sorted, 1, 0.975)).isEqualTo(1.0);
  }

  @Test
  void shouldRejectInvalidArguments() {
    assertThatThrownBy(() -> PairedBootstrap.difference(actual, good, noise, ErrorMetrics::mae, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resamples must be at least 1, got 0");
    assertThatThrownBy(() -> PairedBootstrap.difference(actual, good, noise, null, 10, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metric must not be null");
    assertThatThrownBy(() -> PairedBootstrap.difference(actual, good, new double[] {1}, ErrorMetrics::mae, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("actual and predB must have the same length, got 200 and 1");
    assertThatThrownBy(() -> PairedBootstrap.difference(actual, good, noise, (p, a) -> Double.NaN, 10, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metric difference on the full data must be finite, got NaN");
  }

  @Test
  void shouldPropagateAMetricUndefinedOnTheFullData() {
    double[] noSpend = new double[USERS];

    assertThatThrownBy(() -> PairedBootstrap.difference(noSpend, good, noise, Auc::anyPurchaseAuc, 10, 1))
        .isInstanceOf(UndefinedMetricException.class);
  }
}
