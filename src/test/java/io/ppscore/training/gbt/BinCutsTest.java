package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinCutsTest {

  @Test
  void shouldPlaceEveryCutStrictlyAboveTheLowerValueEvenBetweenAdjacentFloats() {
    float lo = 1f;
    float hi = Math.nextUp(lo);
    assertThat(QuantileCuts.between(lo, hi)).isEqualTo(hi);
    assertThat(QuantileCuts.between(1f, 2f)).isEqualTo(1.5f);
    assertThat(QuantileCuts.between(Float.NEGATIVE_INFINITY, 0f)).isEqualTo(0f);
  }

  @Test
  void shouldSendABinLeftExactlyWhenTheValueIsBelowItsThreshold() {
    float[][] x = Synthetic.rows(5_000, 1, 61L);
    BinCuts cuts = BinCuts.fit(x, 16);

    assertThat(cuts.binCount(0)).isEqualTo(16);
    for (int b = 0; b < cuts.binCount(0) - 1; b++) {
      float t = cuts.threshold(0, b);
      for (float v : new float[] {t, Math.nextDown(t), Math.nextUp(t)}) {
        assertThat(cuts.bin(0, v) <= b).as("value %s, bin %d", v, b).isEqualTo(v < t);
      }
    }
  }

  @Test
  void shouldCutBetweenEveryDistinctValueWhenThereAreFewAndTreatSignedZerosAlike() {
    float[][] x = {{-0f}, {0f}, {2f}, {2f}, {5f}};
    BinCuts cuts = BinCuts.fit(x, 64);

    assertThat(cuts.binCount(0)).isEqualTo(3);
    assertThat(cuts.bin(0, -0f)).isEqualTo(cuts.bin(0, 0f)).isZero();
    assertThat(cuts.threshold(0, 0)).isEqualTo(1f);
    assertThat(cuts.threshold(0, 1)).isEqualTo(3.5f);
  }

  @Test
  void shouldGiveAConstantFeatureASingleBin() {
    BinCuts cuts = BinCuts.fit(new float[][] {{7f}, {7f}}, 64);
    assertThat(cuts.binCount(0)).isEqualTo(1);
  }
}
