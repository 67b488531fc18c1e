package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GammaGammaModelTest {

  private static final GammaGammaModel MODEL = new GammaGammaModel(6.0, 4.0, 15.0);
  private static final CustomerHistory REPEAT = new CustomerHistory(3, 20.0, 30.0, 35.0);

  @Test
  void shouldMatchClosedFormLogLikelihood() {
    // python3 math.lgamma: lgamma(px+q)-lgamma(px)-lgamma(q)+q ln g+(px-1) ln m+px ln x-(px+q) ln(x m+g)
    assertThat(MODEL.logLikelihood(REPEAT)).isCloseTo(-4.193373316338196, within(1e-12));
  }

  @Test
  void shouldShrinkCustomerMeanTowardsPopulationMean() {
    // (15 + 3 * 35) * 6 / (6 * 3 + 4 - 1) = 720 / 21
    assertThat(MODEL.expectedAverageValue(REPEAT)).isCloseTo(720.0 / 21, within(1e-12));
  }

  @Test
  void shouldUsePopulationMeanForCustomersWithoutRepeatPurchase() {
    // p * gamma / (q - 1) = 6 * 15 / 3
    assertThat(MODEL.expectedAverageValue(new CustomerHistory(0, 0, 10, 0))).isCloseTo(30.0, within(1e-12));
  }

  @Test
  void shouldRefuseInfinitePopulationMean() {
    GammaGammaModel heavyTailed = new GammaGammaModel(6.0, 0.9, 15.0);
    assertThatThrownBy(() -> heavyTailed.expectedAverageValue(new CustomerHistory(0, 0, 10, 0)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRecoverParametersOfSimulatedSpend() {
    List<CustomerHistory> customers = SimulatedCustomers.draw(5_000, 42L, new BgNbdModel(0.25, 30.0, 0.8, 2.5), MODEL);

    GammaGammaModel fitted = GammaGammaModel.fit(customers);

    assertThat(fitted.p()).isCloseTo(MODEL.p(), within(0.3 * MODEL.p()));
    assertThat(fitted.q()).isCloseTo(MODEL.q(), within(0.3 * MODEL.q()));
    assertThat(fitted.gamma()).isCloseTo(MODEL.gamma(), within(0.4 * MODEL.gamma()));
    List<CustomerHistory> repeat = customers.stream().filter(c -> c.frequency() > 0).toList();
    assertThat(total(fitted, repeat)).isGreaterThanOrEqualTo(total(MODEL, repeat) - 1e-6);
  }

  @Test
  void shouldRefuseToFitWithoutRepeatCustomers() {
    assertThatThrownBy(() -> GammaGammaModel.fit(List.of(new CustomerHistory(0, 0, 10, 0))))
        .hasMessageContaining("positive repeat spend");
  }

  private static double total(GammaGammaModel model, List<CustomerHistory> customers) {
    return customers.stream().mapToDouble(model::logLikelihood).sum();
  }
}
