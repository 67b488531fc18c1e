package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.FeatureVector;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpendModelTrainerLevelsTest {

  private static final TrainingOptions SMALL = new TrainingOptions(30, 2, 10, 40, 2, 10, 0.1, 0.8, 7L, 2);
  private static final Instant QUIET_CUTOFF = Instant.parse("2010-12-01T00:00:00Z");
  private static final Instant BUSY_CUTOFF = Instant.parse("2011-01-01T00:00:00Z");

  /** The same users in a window where everyone spent {@code factor} times as much. */
  private static Snapshot scaled(Snapshot base, Instant cutoff, double factor) {
    List<SnapshotRow> rows = base.rows().stream().map(r -> {
      double[] labels = r.labels().clone();
      for (int h = 0; h < labels.length; h++) {
        labels[h] *= factor;
      }
      return new SnapshotRow(r.userId(), r.numeric(), r.boughtText(), r.browsedText(), r.orders(), labels);
    }).toList();
    return new Snapshot(cutoff, base.horizonDays(), rows);
  }

  private static double predictedTotal(TrainedSpendModel model, Snapshot snapshot, int days) {
    return snapshot.rows().stream().mapToDouble(r -> model.horizon(days).expectedSpend(
        FeatureVector.assemble(model.spec(), r.numeric(), r.boughtText(), r.browsedText()))).sum();
  }

  private static double actualTotal(Snapshot snapshot, int days) {
    int h = snapshot.horizonIndex(days);
    return snapshot.rows().stream().mapToDouble(r -> r.labels()[h]).sum();
  }

  @Test
  void shouldScoreAtTheLevelOfTheLatestTrainingWindow() {
    // Given the same users at two cut-offs, spending three times as much in the later window
    Snapshot base = SyntheticSnapshots.of(800, 0, 3L);
    Snapshot quiet = scaled(base, QUIET_CUTOFF, 1.0);
    Snapshot busy = scaled(base, BUSY_CUTOFF, 3.0);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));

    // When trained on both, in either order of time
    TrainedSpendModel busyLast = trainer.train(List.of(quiet, busy), FeatureSpec.numericOnly());
    TrainedSpendModel quietLast = trainer.train(List.of(busy, quiet), FeatureSpec.numericOnly());

    // Then the predicted total equals the latest window's actual total, not the average of both windows
    for (int days : List.of(30, 90)) {
      assertThat(predictedTotal(busyLast, busy, days)).as("busy window last, %d days", days)
          .isCloseTo(actualTotal(busy, days), within(1e-6 * actualTotal(busy, days)));
      assertThat(predictedTotal(quietLast, quiet, days)).as("quiet window last, %d days", days)
          .isCloseTo(actualTotal(quiet, days), within(1e-6 * actualTotal(quiet, days)));
    }
  }
}
