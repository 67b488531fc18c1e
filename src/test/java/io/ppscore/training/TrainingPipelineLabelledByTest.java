package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingPipelineLabelledByTest {

  private static Snapshot at(String cutoff) {
    return new Snapshot(Instant.parse(cutoff), List.of(30, 90), List.of());
  }

  @Test
  void shouldKeepCutoffsWhoseLabelsEndExactlyAtOrBeforeTheEnd() {
    List<Snapshot> snapshots = List.of(at("2011-01-01T00:00:00Z"), at("2011-02-01T00:00:00Z"),
        at("2011-03-01T00:00:00Z"), at("2011-04-01T00:00:00Z"));
    Instant backtest = Instant.parse("2011-04-01T00:00:00Z");

    // 2011-03-01 + 30 days = 2011-03-31: labelled; 2011-01-01 + 90 days = 2011-04-01: labelled, at the edge
    assertThat(TrainingPipeline.labelledBy(snapshots, backtest, 30)).extracting(Snapshot::cutoff)
        .containsExactly(Instant.parse("2011-01-01T00:00:00Z"), Instant.parse("2011-02-01T00:00:00Z"),
            Instant.parse("2011-03-01T00:00:00Z"));
    assertThat(TrainingPipeline.labelledBy(snapshots, backtest, 90)).extracting(Snapshot::cutoff)
        .containsExactly(Instant.parse("2011-01-01T00:00:00Z"));
    assertThat(TrainingPipeline.labelledBy(snapshots, backtest.minusMillis(1), 90)).isEmpty();
  }

  @Test
  void shouldNeverKeepTheBacktestCutoffItselfOrALaterOne() {
    List<Snapshot> snapshots = List.of(at("2011-04-01T00:00:00Z"), at("2011-05-01T00:00:00Z"));

    assertThat(TrainingPipeline.labelledBy(snapshots, Instant.parse("2011-04-01T00:00:00Z"), 30)).isEmpty();
  }
}
