package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GbtDeterminismTest {

  private final float[][] x = Synthetic.rows(1_500, 6, 41L);
  private final double[] y = Synthetic.labels(x, 42L);
  private final GbtParams params = Synthetic.smallParams(Loss.LOGISTIC);

  /** The exported bytes hold every split, threshold and leaf weight: equal bytes, equal models. */
  private byte[] fingerprint(GbtParams p) {
    return OnnxExport.of("m", GbtTrainer.train(x, y, null, p)).toBytes();
  }

  @Test
  void shouldTrainIdenticalModelsFromTheSameInputsAndParams() {
    GbtModel first = GbtTrainer.train(x, y, null, params);
    GbtModel second = GbtTrainer.train(x, y, null, params);

    assertThat(fingerprint(params)).isEqualTo(fingerprint(params));
    assertThat(first.gainImportance()).isEqualTo(second.gainImportance());
    for (float[] row : x) {
      assertThat(first.predictRaw(row)).isEqualTo(second.predictRaw(row));
    }
  }

  @Test
  void shouldChangeTheModelWithSubsamplingButStayDeterministicPerSeed() {
    GbtParams halfSeed1 = params.withSubsample(0.5, 1L);

    assertThat(fingerprint(halfSeed1)).isEqualTo(fingerprint(halfSeed1));
    assertThat(fingerprint(halfSeed1)).isNotEqualTo(fingerprint(params));
    assertThat(fingerprint(halfSeed1)).isNotEqualTo(fingerprint(params.withSubsample(0.5, 2L)));
  }

  @Test
  void shouldIgnoreTheSeedWithoutSubsampling() {
    assertThat(fingerprint(params.withSubsample(1.0, 1L))).isEqualTo(fingerprint(params.withSubsample(1.0, 2L)));
  }
}
