package io.ppscore.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportWriterTest {

  private static final ReportContext CONTEXT = new ReportContext("gbt-2011-04-01-a1b2c3", "all-minilm-l6-v2-q",
      java.util.Map.of(90, List.of(Instant.parse("2011-01-01T00:00:00Z"), Instant.parse("2011-04-01T00:00:00Z")),
          30, List.of(Instant.parse("2011-01-01T00:00:00Z"), Instant.parse("2011-04-01T00:00:00Z"),
              Instant.parse("2011-06-01T00:00:00Z"))),
      "ppscore backtest --dataset online-retail-ii --seed 7", Instant.parse("2024-05-06T07:08:09.123Z"),
      "online-retail-ii");

  @TempDir
  Path dir;

  @Test
  void shouldWriteContextMetricsIntervalsDecilesAndGainCurvesToJson() throws IOException {
    ReportWriter.write(dir, CONTEXT, twoCutoffs());

    JsonNode root = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    JsonNode context = root.get("context");
    assertThat(fieldNames(context)).containsExactly("modelVersion", "encoderId", "trainingCutoffs",
        "trainingCutoffsByHorizon", "commandLine", "generatedAt", "dataset");
    assertThat(context.get("generatedAt").asText()).isEqualTo("2024-05-06T07:08:09.123Z");
    // the targets' (90-day) horizon under the original key, every horizon by its days
    assertThat(context.get("trainingCutoffs")).hasSize(2);
    assertThat(context.get("trainingCutoffs").get(1).asText()).isEqualTo("2011-04-01T00:00:00Z");
    assertThat(fieldNames(context.get("trainingCutoffsByHorizon"))).containsExactly("30", "90");
    assertThat(context.get("trainingCutoffsByHorizon").get("30").get(2).asText()).isEqualTo("2011-06-01T00:00:00Z");
    assertThat(context.get("commandLine").asText()).isEqualTo(CONTEXT.commandLine());

    JsonNode april = root.get("backtests").get(0);
    assertThat(root.get("backtests")).hasSize(2);
    assertThat(april.get("cutoff").asText()).isEqualTo("2011-04-01T00:00:00Z");
    assertThat(april.get("users").asInt()).isEqualTo(1234);
    assertThat(april.get("metrics")).hasSize(10);
    JsonNode model90 = april.get("metrics").get(5);
    assertThat(fieldNames(model90)).containsExactly("model", "horizonDays", "gini", "spearman", "top10Share", "auc",
        "mae", "rmseLog1p", "decileMape", "aggregateBias");
    assertThat(model90.get("horizonDays").asInt()).isEqualTo(90);
    assertThat(model90.get("gini").asDouble()).isEqualTo(0.62);
    assertThat(model90.get("rmseLog1p").asDouble()).isEqualTo(1.234);
    JsonNode rfm = april.get("metrics").get(9);
    assertThat(rfm.get("model").asText()).isEqualTo(BacktestScoring.RFM);
    assertThat(rfm.get("mae").isNull()).isTrue();
    assertThat(rfm.get("aggregateBias").isNull()).isTrue();

    JsonNode interval = april.get("giniDifferences").get("90d vs BG/NBD + Gamma-Gamma");
    assertThat(fieldNames(april.get("giniDifferences"))).hasSize(4);
    assertThat(interval.get("lower").asDouble()).isEqualTo(0.004);
    assertThat(interval.get("resamples").asInt()).isEqualTo(1000);
    assertThat(interval.get("skipped").asInt()).isEqualTo(3);
    assertThat(april.get("deciles")).hasSize(10);
    assertThat(april.get("deciles").get(9).get("meanActual").asDouble()).isEqualTo(105.0);
    assertThat(fieldNames(april.get("gainCurves"))).hasSize(5).first().isEqualTo(BacktestScoring.MODEL);
    assertThat(april.get("gainCurves").get(BacktestScoring.MODEL)).hasSize(21);
    assertThat(april.get("gainCurves").get(BacktestScoring.MODEL).get(10).get("userShare").asDouble()).isEqualTo(0.5);
    assertThat(april.get("targets")).hasSize(5).allSatisfy(t -> assertThat(t.get("passed").asBoolean()).isTrue());
  }

  @Test
  void shouldWriteOneMetricTablePerHorizonWithThreeDecimalsAndDashesForRankOnlyModels() throws IOException {
    Path written = ReportWriter.write(dir, CONTEXT, twoCutoffs());

    String md = Files.readString(written);
    assertThat(written).isEqualTo(dir.resolve("report.md"));
    assertThat(md).startsWith("# ppscore back-test report")
        .contains("- **Model version:** gbt-2011-04-01-a1b2c3", "- **Text encoder:** all-minilm-l6-v2-q",
            "ppscore backtest --dataset online-retail-ii --seed 7", "## Cut-off 2011-04-01", "## Cut-off 2011-07-01",
            "### 30-day horizon", "### 90-day horizon", "1,234 users")
        .contains("| ppscore | 0.512 | 0.410 | 0.350 | 0.830 | 12.500 | 1.234 | 0.210 | -0.030 |",
            "| ppscore | 0.620 | 0.410 | 0.350 | 0.800 | 12.500 | 1.234 | 0.250 | 0.100 |",
            "| RFM quintile score | 0.450 | 0.330 | 0.280 | 0.720 | – | – | – | – |")
        .contains("| 90d vs BG/NBD + Gamma-Gamma | 0.020 | 0.004 | 0.050 | 1000 | 3 |",
            "| 30d vs ppscore without text | 0.070 | 0.031 | 0.109 | 1000 | 0 |")
        .contains("](gain-2011-04-01.png)", "](calibration-2011-04-01.png)", "](gain-2011-07-01.png)",
            "](calibration-2011-07-01.png)");
    assertThat(md.lines().filter(l -> l.startsWith("| RFM quintile score |"))).hasSize(4);
    assertThat(md).contains("### Cut-off 2011-04-01: 5 of 5 targets met", "### Cut-off 2011-07-01: 4 of 5 targets met");
  }

  @Test
  void shouldPassEveryTargetWhenValuesSitOnInclusiveThresholds() throws IOException {
    String md = Files.readString(ReportWriter.write(dir, CONTEXT, List.of(new SyntheticBacktest().build())));

    assertThat(md).contains("### Cut-off 2011-04-01: 5 of 5 targets met");
    for (int target = 1; target <= 5; target++) {
      assertThat(verdict(md, target)).as("target %d", target).isEqualTo("PASS");
    }
  }

  static Stream<Arguments> thresholdCases() {
    return Stream.of(
        verdict("Gini margin exactly 0.02", 1, "PASS", s -> { }),
        verdict("Gini margin 0.0199", 1, "FAIL", s -> s.modelGini = 0.6199),
        verdict("interval lower bound 0", 1, "FAIL", s -> s.lowerBound = 0),
        verdict("interval lower bound negative", 1, "FAIL", s -> s.lowerBound = -0.01),
        verdict("ablation just below", 2, "PASS", s -> s.ablationGini = 0.6199),
        verdict("ablation equal", 2, "FAIL", s -> s.ablationGini = 0.62),
        verdict("MAPE 0.25", 3, "PASS", s -> s.decileMape = 0.25),
        verdict("MAPE 0.2501", 3, "FAIL", s -> s.decileMape = 0.2501),
        verdict("bias 0.10", 4, "PASS", s -> s.aggregateBias = 0.10),
        verdict("bias -0.10", 4, "PASS", s -> s.aggregateBias = -0.10),
        verdict("bias 0.1001", 4, "FAIL", s -> s.aggregateBias = 0.1001),
        verdict("bias -0.1001", 4, "FAIL", s -> s.aggregateBias = -0.1001),
        verdict("AUC 0.80", 5, "PASS", s -> s.auc = 0.80),
        verdict("AUC 0.7999", 5, "FAIL", s -> s.auc = 0.7999));
  }

  @ParameterizedTest(name = "{0}: target {1} {2}")
  @MethodSource("thresholdCases")
  void shouldJudgeEachTargetOnBothSidesOfItsThreshold(String name, int target, String expected,
      Consumer<SyntheticBacktest> change) throws IOException {
    SyntheticBacktest synthetic = new SyntheticBacktest();
    change.accept(synthetic);

    String md = Files.readString(ReportWriter.write(dir, CONTEXT, List.of(synthetic.build())));

    assertThat(verdict(md, target)).isEqualTo(expected);
    for (int other = 1; other <= 5; other++) {
      if (other != target) {
        assertThat(verdict(md, other)).as("untouched target %d", other).isEqualTo("PASS");
      }
    }
  }

  @Test
  void shouldShowUndefinedMetricsAsDashesAndNullsAndFailTheTargetsNeedingThem() throws IOException {
    // Given a back-test on whose users the model's 90-day Gini, Spearman and AUC had no value
    SyntheticBacktest synthetic = new SyntheticBacktest();
    synthetic.modelGini = null;
    synthetic.modelSpearman = null;
    synthetic.auc = null;

    // When
    String md = Files.readString(ReportWriter.write(dir, CONTEXT, List.of(synthetic.build())));
    JsonNode model90 = new ObjectMapper().readTree(dir.resolve("report.json").toFile())
        .get("backtests").get(0).get("metrics").get(5);

    // Then the report is written, the undefined cells are dashes with a legend, and null in the JSON
    assertThat(md).contains("| ppscore | – | – | 0.350 | – | 12.500 | 1.234 | 0.250 | 0.100 |",
        "– in a model's rank columns, or in the money columns of a model that predicts money: undefined on these users");
    assertThat(model90.get("model").asText()).isEqualTo(BacktestScoring.MODEL);
    assertThat(model90.get("gini").isNull()).isTrue();
    assertThat(model90.get("spearman").isNull()).isTrue();
    assertThat(model90.get("auc").isNull()).isTrue();
    assertThat(model90.get("top10Share").asDouble()).isEqualTo(0.35);
    // and the targets on them fail, saying why, while the others are judged as usual
    assertThat(md).contains("Gini undefined on these users", "AUC undefined on these users");
    assertThat(verdict(md, 1)).isEqualTo("FAIL");
    assertThat(verdict(md, 2)).isEqualTo("FAIL");
    assertThat(verdict(md, 3)).isEqualTo("PASS");
    assertThat(verdict(md, 5)).isEqualTo("FAIL");
  }

  @Test
  void shouldNotPrintTheUndefinedLegendWhenOnlyRankOnlyModelsLackMoneyMetrics() throws IOException {
    String md = Files.readString(ReportWriter.write(dir, CONTEXT, List.of(new SyntheticBacktest().build())));

    assertThat(md).doesNotContain("undefined on these users");
  }

  @Test
  void shouldFailEveryTargetWhenTheNinetyDayHorizonIsMissing() throws IOException {
    SyntheticBacktest synthetic = new SyntheticBacktest();
    synthetic.horizons = new int[] {30, 60};

    String md = Files.readString(ReportWriter.write(dir, CONTEXT, List.of(synthetic.build())));

    assertThat(md).contains("0 of 5 targets met", "not in the results");
  }

  @Test
  void shouldDrawBothChartsPerCutoffAsNonBlankPngsOfTheExpectedSize() throws IOException {
    ReportWriter.write(dir, CONTEXT, twoCutoffs());

    for (String file : List.of("gain-2011-04-01.png", "calibration-2011-04-01.png", "gain-2011-07-01.png",
        "calibration-2011-07-01.png")) {
      BufferedImage image = ImageIO.read(dir.resolve(file).toFile());
      assertThat(image).as(file).isNotNull();
      assertThat(image.getWidth()).isEqualTo(800);
      assertThat(image.getHeight()).isEqualTo(500);
      assertThat(image.getRGB(0, 0) & 0xFFFFFF).as("white background").isEqualTo(0xFFFFFF);
      assertThat(nonWhitePixels(image)).as(file).isGreaterThan(5_000);
    }
  }

  @Test
  void shouldRejectNoResultsAndTwoCutoffsOnTheSameDate() {
    SyntheticBacktest morning = new SyntheticBacktest();
    SyntheticBacktest evening = new SyntheticBacktest();
    evening.cutoff = Instant.parse("2011-04-01T18:00:00Z");

    assertThatThrownBy(() -> ReportWriter.write(dir, CONTEXT, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("results must not be empty");
    assertThatThrownBy(() -> ReportWriter.write(dir, CONTEXT, List.of(morning.build(), evening.build())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2011-04-01");
  }

  private static List<BacktestResult> twoCutoffs() {
    SyntheticBacktest july = new SyntheticBacktest();
    july.cutoff = Instant.parse("2011-07-01T00:00:00Z");
    july.decileMape = 0.3;
    return List.of(new SyntheticBacktest().build(), july.build());
  }

  private static Arguments verdict(String name, int target, String expected, Consumer<SyntheticBacktest> change) {
    return Arguments.of(name, target, expected, change);
  }

  /** The Result cell of the first target row numbered {@code target}. */
  private static String verdict(String md, int target) {
    String row = md.lines().filter(l -> l.startsWith("| " + target + " | ")).findFirst().orElseThrow();
    return row.split(" \\| ")[2];
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static int nonWhitePixels(BufferedImage image) {
    int count = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        count += (image.getRGB(x, y) & 0xFFFFFF) == 0xFFFFFF ? 0 : 1;
      }
    }
    return count;
  }
}
