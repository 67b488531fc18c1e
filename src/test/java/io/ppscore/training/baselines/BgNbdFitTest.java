package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BgNbdFitTest {

  // CDNOW-like parameters (Fader, Hardie & Lee 2005) with alpha converted from weeks to days.
  private static final BgNbdModel TRUTH = new BgNbdModel(0.25, 30.0, 0.8, 2.5);
  private static final GammaGammaModel SPEND = new GammaGammaModel(6.0, 4.0, 15.0);

  @Test
  void shouldRecoverParametersOfSimulatedCustomers() {
    List<CustomerHistory> customers = SimulatedCustomers.draw(5_000, 42L, TRUTH, SPEND);

    BgNbdModel fitted = BgNbdModel.fit(customers);

    assertThat(fitted.r()).isCloseTo(TRUTH.r(), within(0.25 * TRUTH.r()));
    assertThat(fitted.alpha()).isCloseTo(TRUTH.alpha(), within(0.35 * TRUTH.alpha()));
    assertThat(fitted.a()).isCloseTo(TRUTH.a(), within(0.5 * TRUTH.a()));
    assertThat(fitted.b()).isCloseTo(TRUTH.b(), within(0.5 * TRUTH.b()));
    assertThat(total(fitted, customers)).isGreaterThanOrEqualTo(total(TRUTH, customers) - 1e-6);
  }

  @Test
  void shouldBeDeterministic() {
    List<CustomerHistory> customers = SimulatedCustomers.draw(500, 7L, TRUTH, SPEND);
    assertThat(BgNbdModel.fit(customers)).isEqualTo(BgNbdModel.fit(customers));
  }

  private static double total(BgNbdModel model, List<CustomerHistory> customers) {
    return customers.stream().mapToDouble(model::logLikelihood).sum();
  }
}
