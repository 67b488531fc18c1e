package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreCalibrationTest {

  private static List<Double> linear() {
    List<Double> p = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      p.add(i * 10.0); // the i-th percentile of predicted spend is 10 * i
    }
    return p;
  }

  private final ScoreCalibration calibration = new ScoreCalibration(linear(), io.ppscore.training.ModelExporter.DEFAULT_BANDS);

  @Test
  void shouldScoreSpendAsItsPercentileInTheTrainingPopulation() {
    assertThat(calibration.score(-1)).isEqualTo(0.0);
    assertThat(calibration.score(0)).isEqualTo(0.0);
    assertThat(calibration.score(505)).isEqualTo(50.5);
    assertThat(calibration.score(1_000)).isEqualTo(100.0);
    assertThat(calibration.score(5_000)).isEqualTo(100.0);
  }

  @Test
  void shouldPutTiedPredictionsInTheMiddleOfThePercentilesTheySpan() {
    List<Double> p = new ArrayList<>(linear());
    for (int i = 0; i <= 40; i++) {
      p.set(i, 0.0); // 40 % of users predicted to spend nothing
    }
    // nothing is the middle of percentiles 0..40, as ties inside the table are: 20, not 0
    assertThat(new ScoreCalibration(p, io.ppscore.training.ModelExporter.DEFAULT_BANDS).score(0)).isEqualTo(20.0);
    assertThat(new ScoreCalibration(p, io.ppscore.training.ModelExporter.DEFAULT_BANDS).score(410)).isEqualTo(41.0);
  }

  @Test
  void shouldPutATieAtTheTopInTheMiddleOfThePercentilesItSpans() {
    List<Double> p = new ArrayList<>(linear());
    for (int i = 90; i <= 100; i++) {
      p.set(i, 900.0);
    }
    ScoreCalibration calibration = new ScoreCalibration(p, io.ppscore.training.ModelExporter.DEFAULT_BANDS);

    assertThat(calibration.score(900)).isEqualTo(95.0);
    assertThat(calibration.score(900.01)).isEqualTo(100.0);
    assertThat(calibration.score(895)).isEqualTo(89.5);
  }

  @Test
  void shouldScoreASpendThatIsNotANumberAsNotANumberInsteadOfRunningOffTheTable() {
    // Given a predicted spend that is not a number (0 x Infinity, exp(NaN), ...)

    // When / Then it scores NaN (it threw ArrayIndexOutOfBoundsException) and its tier falls back to the lowest
    assertThat(calibration.score(Double.NaN)).isNaN();
    assertThat(calibration.tier(calibration.score(Double.NaN))).isEqualTo("LOW");
    assertThat(calibration.score(Double.POSITIVE_INFINITY)).isEqualTo(100.0);
    assertThat(calibration.score(Double.NEGATIVE_INFINITY)).isEqualTo(0.0);
  }

  @Test
  void shouldMapScoresToTiersAtTheBandEdges() {
    assertThat(calibration.tier(0)).isEqualTo("LOW");
    assertThat(calibration.tier(39.99)).isEqualTo("LOW");
    assertThat(calibration.tier(40)).isEqualTo("MEDIUM");
    assertThat(calibration.tier(75)).isEqualTo("HIGH");
    assertThat(calibration.tier(94.99)).isEqualTo("HIGH");
    assertThat(calibration.tier(95)).isEqualTo("PREMIUM");
  }

  @Test
  void shouldRejectACalibrationTableThatIsNotOneHundredAndOneNonDecreasingPercentiles() {
    assertThatThrownBy(() -> new ScoreCalibration(List.of(1.0, 2.0), io.ppscore.training.ModelExporter.DEFAULT_BANDS))
        .hasMessageContaining("101 percentiles");
    List<Double> bad = new ArrayList<>(linear());
    bad.set(50, 1.0);
    assertThatThrownBy(() -> new ScoreCalibration(bad, io.ppscore.training.ModelExporter.DEFAULT_BANDS))
        .hasMessageContaining("must not decrease");
  }

  @Test
  void shouldRefuseBandsOutOfOrderWhichPutAHigherScoreInALowerTier() {
    // Given bands listed out of order: tier(80) read MEDIUM, the last band reached in list order
    List<ModelManifest.ScoreBand> bands = List.of(band("LOW", 0), band("HIGH", 75), band("MEDIUM", 40),
        band("PREMIUM", 95));

    // When / Then they are refused naming the band out of order
    assertThatThrownBy(() -> new ScoreCalibration(linear(), bands))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must rise strictly")
        .hasMessageContaining("got MEDIUM 40.0 after HIGH 75.0");
  }

  @Test
  void shouldRefuseABandWhoseMinScoreIsMissingAndReadAsZeroWhichPutEveryoneInIt() {
    // Given a second band without its minScore (it reads as 0: every score was MEDIUM)
    List<ModelManifest.ScoreBand> bands = List.of(band("LOW", 0), band("MEDIUM", 0));

    // When / Then they are refused
    assertThatThrownBy(() -> new ScoreCalibration(linear(), bands))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a missing one reads as 0")
        .hasMessageContaining("got MEDIUM 0.0 after LOW 0.0");
  }

  @Test
  void shouldRefuseABandAboveOneHundredOrNotANumberOrWithoutATierName() {
    // Given bands a score can never reach, bands with no number and a band without a name

    // When / Then each is refused
    assertThatThrownBy(() -> new ScoreCalibration(linear(), List.of(band("LOW", 0), band("PREMIUM", 101))))
        .hasMessageContaining("got PREMIUM 101.0 after LOW 0.0");
    assertThatThrownBy(() -> new ScoreCalibration(linear(), List.of(band("LOW", 0), band("HIGH", Double.NaN))))
        .hasMessageContaining("got HIGH NaN after LOW 0.0");
    assertThatThrownBy(() -> new ScoreCalibration(linear(), List.of(band("LOW", 0), band(" ", 40))))
        .hasMessage("score band 1 has no tier name");
    assertThatThrownBy(() -> new ScoreCalibration(linear(), List.of(band(null, 0))))
        .hasMessage("score band 0 has no tier name");
  }

  private static ModelManifest.ScoreBand band(String tier, double minScore) {
    return new ModelManifest.ScoreBand(tier, minScore);
  }

  @Test
  void shouldComputeNearestRankPercentiles() {
    double[] values = new double[201];
    for (int i = 0; i <= 200; i++) {
      values[200 - i] = i;
    }
    List<Double> p = ScoreCalibration.percentilesOf(values);
    assertThat(p.get(0)).isEqualTo(0.0);
    assertThat(p.get(50)).isEqualTo(100.0);
    assertThat(p.get(100)).isEqualTo(200.0);
  }
}
