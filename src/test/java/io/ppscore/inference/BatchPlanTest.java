package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.inference.BatchPlan.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlanTest {

  @Test
  void shouldRunOneLongTextApartWhenPaddingTheShortOnesToItCostsMoreThanARun() {
    // together: 16 + 4 x 40 = 176 tokens; apart: (16 + 3 x 5) + (16 + 40) = 87
    List<Run> runs = BatchPlan.of(new int[] {5, 5, 5, 40}, 32, 16);

    assertThat(runs).containsExactly(new Run(0, 3, 5), new Run(3, 4, 40));
  }

  @Test
  void shouldKeepTextsOfNearlyEqualLengthInOneRunWhenARunCostsMoreThanTheirPadding() {
    // together: 16 + 4 x 9 = 52; split 8,8 | 9,9: 32 + 16 + 18 = 66
    List<Run> runs = BatchPlan.of(new int[] {8, 8, 9, 9}, 32, 16);

    assertThat(runs).containsExactly(new Run(0, 4, 9));
  }

  @Test
  void shouldNeverPutMoreThanMaxRowsInARun() {
    List<Run> runs = BatchPlan.of(new int[] {3, 3, 3, 3, 3, 3, 3}, 3, 16);

    assertThat(runs).hasSize(3).allSatisfy(run -> assertThat(run.rows()).isBetween(1, 3));
  }

  @Test
  void shouldCoverEveryTextOnceInOrder() {
    int[] lengths = {2, 3, 3, 7, 8, 12, 12, 13, 30, 31, 64, 128};

    List<Run> runs = BatchPlan.of(lengths, 4, 16);

    int next = 0;
    for (Run run : runs) {
      assertThat(run.from()).isEqualTo(next);
      assertThat(run.rows()).isBetween(1, 4);
      assertThat(run.longest()).isEqualTo(lengths[run.to() - 1]);
      next = run.to();
    }
    assertThat(next).isEqualTo(lengths.length);
  }

  @Test
  void shouldRunEachDistinctLengthAloneWithoutARunCost() {
    List<Run> runs = BatchPlan.of(new int[] {4, 4, 6, 9, 9}, 32, 0);

    assertThat(runs).containsExactly(new Run(0, 2, 4), new Run(2, 3, 6), new Run(3, 5, 9));
  }

  @Test
  void shouldPlanNothingForNoTexts() {
    assertThat(BatchPlan.of(new int[0], 32, 16)).isEmpty();
  }

  @Test
  void shouldRejectUnsortedLengthsAndANonPositiveRowLimit() {
    assertThatThrownBy(() -> BatchPlan.of(new int[] {5, 4}, 32, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
    assertThatThrownBy(() -> BatchPlan.of(new int[] {5}, 0, 16))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRows");
  }
}
