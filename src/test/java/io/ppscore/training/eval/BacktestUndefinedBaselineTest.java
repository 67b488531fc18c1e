package io.ppscore.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ppscore.features.FeatureSpec;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SpendModelTrainer;
import io.ppscore.training.SyntheticSnapshots;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.TrainingOptions;
import io.ppscore.training.baselines.BgNbdModel;
import io.ppscore.training.baselines.ClvBaseline;
import io.ppscore.training.baselines.CustomerHistory;
import io.ppscore.training.baselines.GammaGammaModel;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BG/NBD + Gamma-Gamma without a value on a back-test's users is reported as undefined, not a stopped run. */
class BacktestUndefinedBaselineTest {

  private static final TrainingOptions SMALL = new TrainingOptions(10, 2, 10, 10, 2, 10, 0.1, 0.8, 7L, 2);

  @TempDir
  Path dir;

  @Test
  void shouldReportTheClvBaselineAsUndefinedWhenNoCustomerBoughtTwice() throws Exception {
    // Given a back-test whose users each have a single past order: Gamma-Gamma has no repeat spend to fit on
    Snapshot test = SyntheticSnapshots.of(300, 0, 5L);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));
    TrainedSpendModel model = trainer.train(List.of(test), FeatureSpec.numericOnly());

    // When it is evaluated (GammaGammaModel.fit's IllegalArgumentException used to stop evaluate)
    BacktestResult result = new Backtest(7L).evaluate(test, model, model);

    // Then the baseline's metrics are null, with the reason, and the other models are evaluated as usual
    assertThat(result.undefinedModels()).containsOnlyKeys(BacktestScoring.BG_NBD);
    assertThat(result.undefinedModels().get(BacktestScoring.BG_NBD))
        .isEqualTo("Gamma-Gamma cannot be fitted: cannot fit Gamma-Gamma without customers with positive repeat spend");
    assertThat(result.metrics()).hasSize(2 * 5);
    assertThat(result.metrics()).filteredOn(row -> row.model().equals(BacktestScoring.BG_NBD)).hasSize(2)
        .allSatisfy(row -> assertThat(row).isEqualTo(
            new MetricRow(BacktestScoring.BG_NBD, row.horizonDays(), null, null, null, null, null, null, null, null)));
    assertThat(result.metrics()).filteredOn(row -> !row.model().equals(BacktestScoring.BG_NBD))
        .allSatisfy(row -> assertThat(row.gini()).isNotNull());
    // the interval against it and its gain curve are left out; the ablation's are there
    assertThat(result.giniDifferences()).containsOnlyKeys("30d vs " + BacktestScoring.ABLATION,
        "90d vs " + BacktestScoring.ABLATION);
    assertThat(result.gainCurves()).hasSize(4).doesNotContainKey(BacktestScoring.BG_NBD);

    // When the report is written
    ReportContext context = new ReportContext("test", "none", Map.of(90, List.of(test.cutoff())), "evaluate",
        Instant.parse("2024-05-06T07:08:09Z"), "synthetic");
    Path markdown = ReportWriter.write(dir, context, List.of(result));

    // Then both files show the baseline as undefined, with the reason, and the Gini target fails saying why
    String md = Files.readString(markdown);
    assertThat(md).contains("| " + BacktestScoring.BG_NBD + " | – | – | – | – | – | – | – | – |")
        .contains(BacktestScoring.BG_NBD + " has no value on these users (Gamma-Gamma cannot be fitted:");
    JsonNode backtest = new ObjectMapper().readTree(dir.resolve(ReportWriter.JSON_FILE).toFile()).get("backtests").get(0);
    assertThat(backtest.get("undefinedModels").get(BacktestScoring.BG_NBD).asText())
        .startsWith("Gamma-Gamma cannot be fitted");
    assertThat(backtest.get("metrics").get(2).get("model").asText()).isEqualTo(BacktestScoring.BG_NBD);
    assertThat(backtest.get("metrics").get(2).get("gini").isNull()).isTrue();
    JsonNode giniTarget = backtest.get("targets").get(0);
    assertThat(giniTarget.get("passed").asBoolean()).isFalse();
    assertThat(giniTarget.get("evidence").asText())
        .isEqualTo(BacktestScoring.BG_NBD + " has no value on these users: " + result.undefinedModels().get(BacktestScoring.BG_NBD));
  }

  @Test
  void shouldReportTheClvBaselineAsUndefinedWhenGammaGammaHasNoFiniteMean() {
    // Given a fitted baseline whose Gamma-Gamma has q <= 1: a customer without repeat purchases has an infinite mean
    ClvBaseline clv = new ClvBaseline(new BgNbdModel(1, 30, 1, 1), new GammaGammaModel(2, 0.8, 10));
    List<CustomerHistory> customers = List.of(new CustomerHistory(2, 40, 100, 25), new CustomerHistory(0, 0, 50, 0));

    // When it scores them (expectedAverageValue's IllegalStateException used to stop evaluate)
    ModelScores scores = BacktestScoring.clvScores(clv, customers, 90);

    // Then the baseline has no scores, only the reason
    assertThat(scores.isDefined()).isFalse();
    assertThat(scores.name()).isEqualTo(BacktestScoring.BG_NBD);
    assertThat(scores.ranking()).isNull();
    assertThat(scores.undefinedReason()).isEqualTo("Gamma-Gamma mean spend is infinite for p=2.0, q=0.8, x=0");
    assertThat(MetricRow.of(scores, 90, new double[] {10, 0}).hasUndefinedMetric()).isTrue();
  }

  @Test
  void shouldReportTheClvBaselineAsUndefinedWhenBgNbdExpectedPurchasesCannotBeComputed() {
    // Given a fitted baseline whose BG/NBD series overflows for a heavy buyer: r + x and a - 1 both in the
    // thousands, so neither form of eq. 10's series fits a double at z = 0.6
    ClvBaseline clv = new ClvBaseline(new BgNbdModel(0.5, 50, 3000, 12000), new GammaGammaModel(2, 3, 10));
    List<CustomerHistory> customers = List.of(new CustomerHistory(2, 40, 100, 25),
        new CustomerHistory(3000, 99, 100, 25));

    // When it scores them (expectedPurchases' ArithmeticException used to stop evaluate after every model was trained)
    ModelScores scores = BacktestScoring.clvScores(clv, customers, 225);

    // Then the baseline has no scores, only the reason
    assertThat(scores.isDefined()).isFalse();
    assertThat(scores.name()).isEqualTo(BacktestScoring.BG_NBD);
    assertThat(scores.undefinedReason()).startsWith("BG/NBD expected purchases cannot be computed: 2F1(")
        .endsWith("overflows a double");
  }

  @Test
  void shouldReportTheClvBaselineAsUndefinedWhenBgNbdExpectedPurchasesAreNotAFiniteCount() {
    // Given a fitted baseline and customers, and expected purchases that come out NaN, infinite or negative for
    // the second customer (as BG/NBD's cancelling series gave -1.47e19 without an exception)
    ClvBaseline clv = new ClvBaseline(new BgNbdModel(1, 30, 1, 1), new GammaGammaModel(2, 3, 10));
    List<CustomerHistory> customers = List.of(new CustomerHistory(2, 40, 100, 25), new CustomerHistory(0, 0, 50, 0));

    for (double garbage : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1.47e19}) {
      // When it scores them
      ModelScores scores = BacktestScoring.clvScores(clv, c -> c.frequency() == 0 ? garbage : 1.5, customers, 90);

      // Then the baseline has no scores, only the reason naming the value (it used to rank on it)
      assertThat(scores.isDefined()).isFalse();
      assertThat(scores.undefinedReason()).isEqualTo("BG/NBD expected purchases cannot be computed: " + garbage
          + " for " + customers.get(1));
    }
    // and finite non-negative ones are scored
    assertThat(BacktestScoring.clvScores(clv, c -> 0.0, customers, 90).isDefined()).isTrue();
  }

  @Test
  void shouldLetABadHorizonFailInsteadOfReportingTheBaselineAsUndefined() {
    // Given a fitted baseline and a negative horizon, a caller's bug
    ClvBaseline clv = new ClvBaseline(new BgNbdModel(1, 30, 1, 1), new GammaGammaModel(2, 3, 10));
    List<CustomerHistory> customers = List.of(new CustomerHistory(2, 40, 100, 25));

    // When / Then it fails (every IllegalArgumentException used to be reported as "BG/NBD expected purchases
    // cannot be computed")
    assertThatThrownBy(() -> BacktestScoring.clvScores(clv, customers, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("horizon");
  }
}
