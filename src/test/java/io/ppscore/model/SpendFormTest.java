package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendFormTest {

  @Test
  void shouldMultiplyProbabilityBackTransformedSpendAndSmearingForTheTwoPartForm() {
    // 0.25 x (e^ln(101) - 1) x 1.2 = 0.25 x 100 x 1.2
    assertThat(SpendForm.TWO_PART.expectedSpend(0.25, Math.log(101), 1.2)).isCloseTo(30.0, within(1e-9));
    assertThat(SpendForm.TWO_PART.expectedSpend(0.9, -3, 1.0)).as("negative back-transform floors at 0").isZero();
  }

  @Test
  void shouldExponentiateTheLogOfExpectedSpendForTheTweedieFormWithoutTheProbability() {
    assertThat(SpendForm.TWEEDIE.expectedSpend(0.25, Math.log(80), 1.05)).isCloseTo(84.0, within(1e-9));
    assertThat(SpendForm.TWEEDIE.expectedSpend(0.01, Math.log(80), 1.0)).isCloseTo(80.0, within(1e-9));
  }

  @Test
  void shouldReadAHorizonWithoutAFormAsTwoPartSoOlderManifestsKeepTheirFormula(@TempDir Path dir) throws Exception {
    // Given a spend-v1 manifest horizon, written before the form existed
    Path file = dir.resolve("manifest.json");
    Files.writeString(file, """
        {"modelVersion":"spend-v1-old","createdAt":"2026-11-22T00:00:00Z","onnxFile":"model.onnx","onnxSha256":"00",
         "featureNames":["a"],"encoderId":null,"textProjection":null,
         "horizons":[{"days":90,"probabilityOutput":"p_buy_90d","logSpendOutput":"log_spend_90d","smearing":1.5}],
         "calibration":[0.0,1.0],"scoreBands":[],"currency":"GBP","training":null,"metrics":{}}
        """);

    ModelManifest.HorizonSpec h90 = ModelManifest.read(file).horizon(90);

    assertThat(h90.spendForm()).isEqualTo(SpendForm.TWO_PART);
    assertThat(h90.expectedSpend(0.5, Math.log(11))).isCloseTo(7.5, within(1e-9));
  }
}
