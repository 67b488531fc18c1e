package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.training.baselines.CustomerHistory.Purchase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LastPeriodSpendTest {

  private static final Instant CUTOFF = Instant.parse("2024-02-01T00:00:00Z");

  @Test
  void shouldSumSpendFromHorizonStartInclusiveToCutoffExclusive() {
    List<Purchase> purchases = List.of(
        new Purchase(Instant.parse("2024-01-01T23:59:59Z"), 1000), // before the 30-day window
        new Purchase(Instant.parse("2024-01-02T00:00:00Z"), 10),   // window start: included
        new Purchase(Instant.parse("2024-01-31T23:59:59Z"), 5),
        new Purchase(CUTOFF, 2000));                               // at the cut-off: excluded

    assertThat(LastPeriodSpend.predict(purchases, CUTOFF, Duration.ofDays(30))).isEqualTo(15.0);
  }

  @Test
  void shouldRejectNonPositiveHorizon() {
    assertThatThrownBy(() -> LastPeriodSpend.predict(List.of(), CUTOFF, Duration.ZERO))
        .hasMessageContaining("horizon");
  }
}
