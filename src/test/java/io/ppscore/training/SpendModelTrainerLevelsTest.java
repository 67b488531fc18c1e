package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
  void shouldScoreSpendAtTheLevelOfTheLatestTrainingWindowWhateverTheOrderOfTheSnapshots() {
    // Given the same users at two cut-offs, spending three times as much in the later window
    Snapshot base = SyntheticSnapshots.of(800, 0, 3L);
    Snapshot quiet = scaled(base, QUIET_CUTOFF, 1.0);
    Snapshot busy = scaled(base, BUSY_CUTOFF, 3.0);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));

    // When trained on both, listed in time order and in reverse
    TrainedSpendModel inOrder = trainer.train(List.of(quiet, busy), FeatureSpec.numericOnly());
    TrainedSpendModel reversed = trainer.train(List.of(busy, quiet), FeatureSpec.numericOnly());

    // Then the predicted total equals the later window's actual total, not the average of both windows
    for (TrainedSpendModel model : List.of(inOrder, reversed)) {
      for (int days : List.of(30, 90)) {
        assertThat(predictedTotal(model, busy, days)).as("%d days", days)
            .isCloseTo(actualTotal(busy, days), within(1e-6 * actualTotal(busy, days)));
      }
    }
  }

  @Test
  void shouldPredictThePurchaseRateOfTheLatestTrainingWindow() {
    // Given the same users at two cut-offs; in the later window every second buyer of the earlier one bought nothing
    Snapshot base = SyntheticSnapshots.of(800, 0, 5L);
    Snapshot early = scaled(base, QUIET_CUTOFF, 1.0);
    List<SnapshotRow> fewer = new java.util.ArrayList<>();
    for (int i = 0; i < base.rows().size(); i++) {
      SnapshotRow r = base.rows().get(i);
      fewer.add(i % 2 == 0 ? r : new SnapshotRow(r.userId(), r.numeric(), r.boughtText(), r.browsedText(), r.orders(),
          new double[r.labels().length]));
    }
    Snapshot late = new Snapshot(BUSY_CUTOFF, base.horizonDays(), fewer);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));

    // When trained on both
    TrainedSpendModel model = trainer.train(List.of(early, late), FeatureSpec.numericOnly());

    // Then the mean predicted probability over the later window's users is that window's purchase rate
    int h = late.horizonIndex(90);
    double rate = late.rows().stream().mapToDouble(r -> r.labels()[h] > 0 ? 1 : 0).average().orElseThrow();
    double earlyRate = early.rows().stream().mapToDouble(r -> r.labels()[h] > 0 ? 1 : 0).average().orElseThrow();
    double meanP = late.rows().stream().mapToDouble(r -> model.horizon(90).probability(
        FeatureVector.assemble(model.spec(), r.numeric(), r.boughtText(), r.browsedText()))).average().orElseThrow();
    assertThat(rate).isLessThan(earlyRate - 0.1);
    assertThat(meanP).isCloseTo(rate, within(1e-4));
  }

  @Test
  void shouldTrainEachHorizonOnlyOnCutoffsWhoseLabelsOfThatHorizonEndByTheLabelsEnd() {
    // Given three monthly cut-offs; at the labels' end the last two have 30 days of labels but not 90, and
    // in the last window everyone spent five times as much
    Snapshot base = SyntheticSnapshots.of(800, 0, 11L);
    Snapshot first = scaled(base, Instant.parse("2010-10-01T00:00:00Z"), 1.0);
    Snapshot second = scaled(base, Instant.parse("2010-11-01T00:00:00Z"), 1.0);
    Snapshot third = scaled(base, Instant.parse("2010-12-01T00:00:00Z"), 5.0);
    Instant labelsEnd = Instant.parse("2011-01-01T00:00:00Z"); // 2010-10-01 + 90 days = 2010-12-30
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));

    // When trained with that end of labels
    TrainedSpendModel model = trainer.train(List.of(first, second, third), FeatureSpec.numericOnly(), labelsEnd);

    // Then the 30-day model used all three cut-offs and scores at the last window's level, the 90-day model
    // only the first (the only one with 90 days of labels by then) and scores at its level
    assertThat(model.horizon(30).trainingCutoffs()).containsExactly(first.cutoff(), second.cutoff(), third.cutoff());
    assertThat(model.horizon(90).trainingCutoffs()).containsExactly(first.cutoff());
    assertThat(predictedTotal(model, third, 30)).isCloseTo(actualTotal(third, 30), within(1e-6 * actualTotal(third, 30)));
    assertThat(predictedTotal(model, first, 90)).isCloseTo(actualTotal(first, 90), within(1e-6 * actualTotal(first, 90)));
  }

  @Test
  void shouldRefuseAHorizonWithoutAnyCutoffWhoseLabelsAreComplete() {
    Snapshot only = scaled(SyntheticSnapshots.of(200, 0, 13L), Instant.parse("2010-12-01T00:00:00Z"), 1.0);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));

    assertThatThrownBy(() -> trainer.train(List.of(only), FeatureSpec.numericOnly(), Instant.parse("2011-01-15T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("90 days of labels");
  }
}
