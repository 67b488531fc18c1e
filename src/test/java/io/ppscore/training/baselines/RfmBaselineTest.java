package io.ppscore.training.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.training.baselines.RfmBaseline.RfmScore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RfmBaselineTest {

  @Test
  void shouldPutOneOfFiveDistinctValuesInEachQuintile() {
    double[] sorted = {1, 2, 3, 4, 5};
    assertThat(new int[] {
        RfmBaseline.quintile(sorted, 1), RfmBaseline.quintile(sorted, 2), RfmBaseline.quintile(sorted, 3),
        RfmBaseline.quintile(sorted, 4), RfmBaseline.quintile(sorted, 5)}).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void shouldGiveTiedValuesTheirMidRankQuintile() {
    // 0 occupies ranks 1..6 of 10: percentile (0 + 6/2)/10 = 0.3 -> quintile 2
    double[] sorted = {0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
    assertThat(RfmBaseline.quintile(sorted, 0)).isEqualTo(2);
    assertThat(RfmBaseline.quintile(sorted, 4)).isEqualTo(5);
    assertThat(RfmBaseline.quintile(sorted, 100)).isEqualTo(5);
    assertThat(RfmBaseline.quintile(sorted, -1)).isEqualTo(1);
  }

  @Test
  void shouldScoreRecencyInverselyAndFrequencyAndMonetaryDirectly() {
    // Given ten customers whose days since last purchase, frequency and spend all rank 1..10
    List<CustomerHistory> population = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      population.add(new CustomerHistory(i, 100.0 - i, 100.0, 10.0 * i)); // days since last = i
    }
    RfmBaseline rfm = RfmBaseline.fit(population);

    // When
    RfmScore recent = rfm.score(population.get(0)); // 1 day since last purchase, rarest and cheapest
    RfmScore heavy = rfm.score(population.get(9)); // 10 days since last purchase, most frequent and biggest

    // Then fewer days since the last purchase score higher, more purchases and spend score higher
    assertThat(recent).isEqualTo(new RfmScore(5, 1, 1));
    assertThat(heavy).isEqualTo(new RfmScore(1, 5, 5));
    assertThat(heavy.sum()).isEqualTo(11);
    assertThat(heavy.code()).isEqualTo(155);
  }

  @Test
  void shouldRejectEmptyPopulation() {
    assertThatThrownBy(() -> RfmBaseline.fit(List.of())).hasMessageContaining("non-empty");
  }
}
