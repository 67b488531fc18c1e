package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistinctSketchTest {

  private static List<Long> sketchOf(int from, int to) {
    List<Long> sketch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      sketch = DistinctSketch.add(sketch, "product-" + i);
    }
    return sketch;
  }

  @Test
  void shouldCountExactlyBelowCapacityIgnoringRepeats() {
    List<Long> sketch = sketchOf(0, 50);
    sketch = DistinctSketch.add(sketch, "product-7");
    sketch = DistinctSketch.add(sketch, null);
    sketch = DistinctSketch.add(sketch, " ");
    assertThat(DistinctSketch.estimate(sketch)).isEqualTo(50);
  }

  @Test
  void shouldEstimateLargeCountsWithinThreeStandardErrors() {
    long estimate = DistinctSketch.estimate(sketchOf(0, 20_000));
    assertThat(estimate).isBetween(14_000L, 26_000L);
    assertThat(sketchOf(0, 20_000)).hasSize(DistinctSketch.CAPACITY).isSorted();
  }

  @Test
  void shouldMergeToTheSketchOfTheUnion() {
    List<Long> merged = DistinctSketch.merge(sketchOf(0, 300), sketchOf(200, 700));
    assertThat(merged).isEqualTo(sketchOf(0, 700));
    assertThat(DistinctSketch.merge(sketchOf(0, 40), sketchOf(20, 60))).hasSize(60);
  }

  @Test
  void shouldKeepHashesStableAcrossVersionsBecauseSketchesArePersisted() {
    // Pinned values: changing the hash function would corrupt every stored sketch.
    assertThat(DistinctSketch.hash("")).isEqualTo(-1166397803181037274L);
    assertThat(DistinctSketch.hash("85048")).isEqualTo(-2606102672657183347L);
    assertThat(DistinctSketch.hash("électroménager")).isEqualTo(-5070746866667811490L);
  }
}
