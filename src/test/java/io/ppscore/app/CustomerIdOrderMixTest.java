package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** score-batch's row order on ids of both kinds: integers and others mixed. */
class CustomerIdOrderMixTest {

  @Test
  void shouldPutIntegerIdsFirstByValueThenTheOthersByStringSoAMixSortsWithoutBreakingTheContract() {
    // Given the three ids that made a cycle ("9" < "10" < "1a" < "9") and a shuffled mix of 5,000 ids
    List<String> cycle = new ArrayList<>(List.of("1a", "10", "9"));
    List<String> mix = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      mix.add(random.nextInt(10) == 0 ? random.nextInt(20_000) + "x" : String.valueOf(random.nextInt(20_000)));
    }
    Collections.shuffle(mix, random);

    // When both are sorted (the mix threw "Comparison method violates its general contract!" before)
    cycle.sort(CustomerIdOrder.INSTANCE);
    mix.sort(CustomerIdOrder.INSTANCE);

    // Then integers come first by value, then the others by string
    assertThat(cycle).containsExactly("9", "10", "1a");
    int firstOther = 0;
    while (firstOther < mix.size() && mix.get(firstOther).matches("\\d+")) {
      firstOther++;
    }
    assertThat(mix.subList(firstOther, mix.size())).allMatch(id -> id.endsWith("x")).isSorted();
    for (int i = 1; i < firstOther; i++) {
      assertThat(Long.parseLong(mix.get(i - 1))).isLessThanOrEqualTo(Long.parseLong(mix.get(i)));
    }
  }
}
