package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.training.Snapshot;
import io.ppscore.training.TrainingPipeline;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A back-test trains only on the monthly training cut-offs, whichever other back-test dates were asked for. */
class EvaluateTrainingCutoffsTest {

  private static final Instant DATA_END = Instant.parse("2011-06-30T20:08:00Z");
  private static final Instant APRIL = Instant.parse("2011-04-01T00:00:00Z");

  private static Snapshot at(String cutoff) {
    return new Snapshot(Instant.parse(cutoff), List.of(30, 90), List.of());
  }

  @Test
  void shouldNotTrainOnAnotherBacktestDateThatIsNotAMonthStart() {
    // Given monthly training cut-offs from 2011-01-01, and the snapshots evaluate backfills for
    // --backtest 2011-02-15,2011-04-01: the monthly ones plus the 2011-02-15 back-test's
    List<Instant> monthly = TrainingPipeline.monthlyCutoffs(LocalDate.parse("2011-01-01"), LocalDate.parse("2011-04-01"),
        DATA_END, 30);
    List<Snapshot> snapshots = List.of(at("2011-01-01T00:00:00Z"), at("2011-02-01T00:00:00Z"),
        at("2011-02-15T00:00:00Z"), at("2011-03-01T00:00:00Z"), at("2011-04-01T00:00:00Z"));

    // When the 2011-04-01 back-test picks its 30-day training snapshots
    List<Snapshot> training = EvaluateCommand.trainingSnapshots(snapshots, monthly, APRIL, 30);

    // Then they are the month starts with labels by then, not the other back-test's 2011-02-15
    // (it used to be trained on, so the April result depended on which other dates were requested)
    assertThat(training).extracting(Snapshot::cutoff).containsExactly(Instant.parse("2011-01-01T00:00:00Z"),
        Instant.parse("2011-02-01T00:00:00Z"), Instant.parse("2011-03-01T00:00:00Z"));
  }

  @Test
  void shouldNotTrainOnABacktestDateBeforeTheFirstCutoff() {
    // Given --first-cutoff 2011-01-01 and a back-test at 2010-12-01, before it
    List<Instant> monthly = TrainingPipeline.monthlyCutoffs(LocalDate.parse("2011-01-01"), LocalDate.parse("2011-04-01"),
        DATA_END, 30);
    List<Snapshot> snapshots = List.of(at("2010-12-01T00:00:00Z"), at("2011-01-01T00:00:00Z"),
        at("2011-02-01T00:00:00Z"), at("2011-03-01T00:00:00Z"), at("2011-04-01T00:00:00Z"));

    // When the 2011-04-01 back-test picks its 90-day training snapshots
    List<Snapshot> training = EvaluateCommand.trainingSnapshots(snapshots, monthly, APRIL, 90);

    // Then the 2010-12-01 back-test date is not one of them: --first-cutoff holds
    assertThat(training).extracting(Snapshot::cutoff).containsExactly(Instant.parse("2011-01-01T00:00:00Z"));
  }

  @Test
  void shouldStartTrainingAtTheFirstMonthStartOnOrAfterAMidMonthFirstCutoff() {
    // Given --first-cutoff 2010-06-15, a mid-month date
    LocalDate first = LocalDate.parse("2010-06-15");

    // When the monthly training cut-offs up to 2010-09-01 are listed
    List<Instant> monthly = TrainingPipeline.monthlyCutoffs(first, LocalDate.parse("2010-09-01"), DATA_END, 30);

    // Then the first is 2010-07-01: 2010-06-01, before the option's date, is not one (it used to be)
    assertThat(monthly).containsExactly(Instant.parse("2010-07-01T00:00:00Z"), Instant.parse("2010-08-01T00:00:00Z"),
        Instant.parse("2010-09-01T00:00:00Z"));
    // and a month start is kept as it is
    assertThat(TrainingPipeline.monthlyCutoffs(LocalDate.parse("2010-06-01"), LocalDate.parse("2010-07-01"), DATA_END, 30))
        .containsExactly(Instant.parse("2010-06-01T00:00:00Z"), Instant.parse("2010-07-01T00:00:00Z"));
  }
}
