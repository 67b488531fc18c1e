package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ppscore.training.baselines.CustomerHistory.Purchase;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomerHistoryTest {

  private static final Instant CUTOFF = Instant.parse("2024-01-11T12:00:00Z");

  private static Purchase purchase(String at, double amount) {
    return new Purchase(Instant.parse(at), amount);
  }

  @Test
  void shouldCountRepeatPurchaseDaysAndAverageTheirDailyTotals() {
    // Given purchase days Jan 1 (10 + 5), Jan 4 (20) and Jan 9 (7 + 3), plus one after the cut-off
    List<Purchase> purchases = List.of(
        purchase("2024-01-04T08:00:00Z", 20),
        purchase("2024-01-01T09:00:00Z", 10),
        purchase("2024-01-09T23:59:59Z", 7),
        purchase("2024-01-01T22:00:00Z", 5),
        purchase("2024-01-09T00:00:00Z", 3),
        purchase("2024-01-20T00:00:00Z", 1000));

    // When
    CustomerHistory history = CustomerHistory.at(CUTOFF, purchases).orElseThrow();

    // Then x = 3 days - 1, t_x = Jan 9 - Jan 1, T = Jan 1 00:00 -> Jan 11 12:00, m = (20 + 10) / 2
    assertThat(history.frequency()).isEqualTo(2);
    assertThat(history.recency()).isEqualTo(8.0);
    assertThat(history.age()).isEqualTo(10.5);
    assertThat(history.monetary()).isCloseTo(15.0, within(1e-12));
  }

  @Test
  void shouldGiveZeroFrequencyRecencyAndMonetaryToOneDayBuyers() {
    CustomerHistory history = CustomerHistory.at(CUTOFF, List.of(
        purchase("2024-01-10T10:00:00Z", 40), purchase("2024-01-10T11:00:00Z", 2))).orElseThrow();

    assertThat(history).isEqualTo(new CustomerHistory(0, 0.0, 1.5, 0.0));
  }

  @Test
  void shouldIgnorePurchasesAtOrAfterTheCutoff() {
    assertThat(CustomerHistory.at(CUTOFF, List.of(purchase("2024-01-11T12:00:00Z", 5)))).isEmpty();
    assertThat(CustomerHistory.at(CUTOFF, List.of())).isEmpty();
  }

  @Test
  void shouldRejectInconsistentSummariesAndNegativeAmounts() {
    assertThatThrownBy(() -> new CustomerHistory(1, 11, 10, 5)).hasMessageContaining("must not exceed age");
    assertThatThrownBy(() -> new CustomerHistory(0, 0, 10, 5)).hasMessageContaining("monetary must be 0");
    assertThatThrownBy(() -> new CustomerHistory(0, 0, 0, 0)).hasMessageContaining("age must be");
    assertThatThrownBy(() -> purchase("2024-01-01T00:00:00Z", -1)).hasMessageContaining("amount");
  }
}
