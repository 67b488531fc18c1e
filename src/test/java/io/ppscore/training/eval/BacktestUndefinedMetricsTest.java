package io.ppscore.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.features.FeatureSpec;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SnapshotRow;
import io.ppscore.training.SpendModelTrainer;
import io.ppscore.training.SyntheticSnapshots;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.TrainingOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class BacktestUndefinedMetricsTest {

  private static final TrainingOptions SMALL = new TrainingOptions(10, 2, 10, 10, 2, 10, 0.1, 0.8, 7L, 2);

  @Test
  void shouldEvaluateABacktestInWhichNobodyBoughtWithUndefinedMetricsLeftOut() {
    // Given a model trained as usual, and a back-test whose users bought nothing in either horizon
    Snapshot training = SyntheticSnapshots.of(300, 0, 5L);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));
    TrainedSpendModel model = trainer.train(List.of(training), FeatureSpec.numericOnly());
    // (two past orders each: the Gamma-Gamma baseline is fitted on repeat buyers)
    List<SnapshotRow> quiet = training.rows().stream().map(r -> new SnapshotRow(r.userId(), r.numeric(), r.boughtText(),
        r.browsedText(), withEarlierOrder(r.orders()), new double[r.labels().length])).toList();
    Snapshot test = new Snapshot(training.cutoff(), training.horizonDays(), quiet);

    // When (every Gini, the bootstrap and the gain curves are undefined without spend: this used to throw)
    BacktestResult result = new Backtest(7L).evaluate(test, model, model);

    // Then every model has its row, with the undefined metrics null and the defined ones computed
    assertThat(result.metrics()).hasSize(2 * 5).allSatisfy(row -> {
      assertThat(row.gini()).isNull();
      assertThat(row.auc()).isNull();
    });
    assertThat(result.metrics()).filteredOn(row -> row.model().equals(BacktestScoring.MODEL))
        .allSatisfy(row -> assertThat(row.mae()).isNotNull());
    assertThat(result.giniDifferences()).isEmpty();
    assertThat(result.gainCurves()).isEmpty();
    assertThat(result.deciles()).hasSize(10);
  }

  private static List<SnapshotRow.PastOrder> withEarlierOrder(List<SnapshotRow.PastOrder> orders) {
    SnapshotRow.PastOrder first = orders.get(0);
    return List.of(new SnapshotRow.PastOrder(first.timeMs() - 30L * 86_400_000L, first.grossValue() / 2), first);
  }
}
