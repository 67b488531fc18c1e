package io.ppscore.app;

import io.ppscore.features.FeatureSpec;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import io.ppscore.training.EmbeddingLookup;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SpendModelTrainer;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.TrainingOptions;
import io.ppscore.training.TrainingPipeline;
import io.ppscore.training.eval.Backtest;
import io.ppscore.training.eval.BacktestResult;
import io.ppscore.training.eval.ReportContext;
import io.ppscore.training.eval.ReportWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ppscore evaluate}: back-tests the model at several cut-offs. For each back-test cut-off T the
 * model (and its no-text ablation) is trained only on monthly cut-offs whose labels end by T (each horizon
 * on those with labels of its own length; the text projection on those with 90-day labels), then compared
 * on the users of T with BG/NBD + Gamma-Gamma, last-period spend and RFM fitted at T.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Back-test the model against classic customer-value baselines and write a report.",
        "The report (report.md with charts, report.json) gives 95 %% paired-bootstrap intervals."})
final class EvaluateCommand implements Callable<Integer> {

  /** How the README runs ppscore; the recorded command line starts with it. */
  static final String COMMAND = "java -jar target/ppscore.jar evaluate";

  @Mixin
  ModelOptions common;

  @Option(names = "--backtest", split = ",", defaultValue = "2010-12-01,2011-01-01,2011-02-01,2011-03-01,2011-04-01", paramLabel = "DATE",
      description = "Back-test cut-offs, in any order; a date given twice is evaluated once (default: 2010-12-01,2011-01-01,2011-02-01,2011-03-01,2011-04-01: every month whose 90 days of labels end before the data does).")
  SortedSet<LocalDate> backtests; // a set: a repeated date used to be trained and scored twice, then refused by ReportWriter

  @Option(names = "--first-cutoff", defaultValue = "2010-03-01", description = "First training cut-off: the first month start on or after this date (default: 2010-03-01).")
  LocalDate firstCutoff;

  @Option(names = {"-o", "--out"}, defaultValue = "models/evaluation", description = "Report directory (default: models/evaluation).")
  Path out;

  @Option(names = "--encoder", defaultValue = "all-minilm-l6-v2", paramLabel = "ID|none",
      converter = ModelOptions.EncoderConverter.class,
      description = "Text encoder (default all-minilm-l6-v2), or none.")
  EncoderModel model;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed for training and the bootstrap (default: 42).")
  long seed;

  @Option(names = "--max-sequence-length", defaultValue = "128", paramLabel = "TOKENS",
      converter = ModelOptions.SequenceLengthConverter.class, description = ModelOptions.MAX_SEQUENCE_LENGTH_DESCRIPTION)
  int maxSequenceLength;

  @Override
  public Integer call() throws Exception {
    common.checkInputReadable();
    OutputFile.prepareDirectory("--out", out);
    TrainingPipeline pipeline = new TrainingPipeline(System.out);
    List<Instant> tests = backtests.stream().map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC)).toList();
    List<ReplayEvent> events;
    List<Instant> trainingCutoffs;
    TreeSet<Instant> all = new TreeSet<>(tests);
    EmbeddingLookup embeddings;
    // the encoder opens first: a device that cannot be used fails before the data is read
    try (OnnxTextEncoder textEncoder = pipeline.openEncoder(model, common.device, maxSequenceLength)) {
      events = pipeline.load(common.format.reader(), ReplaySource.file(common.input));
      Instant end = TrainingPipeline.range(events)[1];
      trainingCutoffs = TrainingPipeline.monthlyCutoffs(firstCutoff,
          tests.get(tests.size() - 1).atZone(ZoneOffset.UTC).toLocalDate(), end, 30);
      all.addAll(trainingCutoffs);
      for (Instant t : tests) {
        if (t.plusSeconds(90L * 86_400).isAfter(end)) {
          throw new IllegalArgumentException("back-test cut-off " + t + " has no full 90 days of labels before the data ends at " + end);
        }
      }
      embeddings = pipeline.embeddings(events, textEncoder, common.embeddingCache());
    }
    List<Snapshot> snapshots = pipeline.backfill(events, new ArrayList<>(all), embeddings,
        TrainingPipeline.textDimension(model));
    TrainingOptions options = TrainingOptions.defaults().withSeed(seed);
    List<BacktestResult> results = new ArrayList<>();
    Map<Integer, List<Instant>> lastTraining = Map.of();
    for (Instant t : tests) {
      // as train does at the data's end: each horizon on the cut-offs whose labels of it end by t
      List<Snapshot> training = trainingSnapshots(snapshots, trainingCutoffs, t, 30);
      List<Snapshot> withAllLabels = trainingSnapshots(snapshots, trainingCutoffs, t, 90);
      if (withAllLabels.isEmpty()) {
        throw new IllegalArgumentException(noTrainingCutoff(t, firstCutoff));
      }
      Snapshot test = snapshots.stream().filter(s -> s.cutoff().equals(t)).findFirst().orElseThrow();
      System.out.printf("Back-test %s: training on %d cut-offs up to %s (90-day horizon: up to %s)%n", t, training.size(),
          training.get(training.size() - 1).cutoff(), withAllLabels.get(withAllLabels.size() - 1).cutoff());
      SpendModelTrainer trainer = new SpendModelTrainer(options, System.out);
      TrainedSpendModel withText = trainer.train(training, trainer.featureSpec(withAllLabels, model), t);
      TrainedSpendModel ablation = trainer.train(training, FeatureSpec.numericOnly(), t);
      BacktestResult result = new Backtest(seed).evaluate(test, withText, ablation);
      result.undefinedModels().forEach((name, reason) -> System.out.printf(
          "Back-test %s: %s has no value on these users (%s); its metrics are reported as undefined%n", t, name, reason));
      results.add(result);
      lastTraining = Map.of(30, training.stream().map(Snapshot::cutoff).toList(),
          90, withAllLabels.stream().map(Snapshot::cutoff).toList());
    }
    ReportContext context = new ReportContext(SpendModelTrainer.MODEL_FAMILY + " (retrained per back-test)", model == null ? "none" : model.id(),
        lastTraining, commandLine(), Instant.now(), common.input.getFileName().toString());
    Path report = ReportWriter.write(out, context, results);
    System.out.println("Wrote " + report);
    return 0;
  }

  /**
   * The snapshots a back-test at {@code backtest} trains a horizon of {@code horizonDays} on: those of the
   * monthly training cut-offs whose labels end by {@code backtest}. The other back-test dates are backfilled
   * too (to be scored), but never trained on: a back-test's result must not depend on which other dates were
   * asked for, and a date before {@code --first-cutoff} must not become a training cut-off.
   */
  static List<Snapshot> trainingSnapshots(List<Snapshot> snapshots, Collection<Instant> trainingCutoffs,
      Instant backtest, int horizonDays) {
    Set<Instant> monthly = Set.copyOf(trainingCutoffs);
    List<Snapshot> candidates = snapshots.stream().filter(s -> monthly.contains(s.cutoff())).toList();
    return TrainingPipeline.labelledBy(candidates, backtest, horizonDays);
  }

  /** Why back-test {@code t} cannot be trained for, naming the month start {@code firstCutoff} was rounded up to. */
  static String noTrainingCutoff(Instant t, LocalDate firstCutoff) {
    LocalDate start = TrainingPipeline.monthStartOnOrAfter(firstCutoff);
    return "back-test cut-off " + t + " has no training cut-off with 90 days of labels before it (first training cut-off: "
        + (start.equals(firstCutoff) ? start : start + ", the month start on or after --first-cutoff " + firstCutoff) + ")";
  }

  /**
   * The command line that reproduces this report, for the report to record: every option that affects it,
   * with the values in effect (defaults included), quoted for a POSIX shell where needed.
   */
  String commandLine() {
    List<String> args = List.of("--input", common.input.toString(), "--format", common.format.toString(),
        "--device", common.device.toString(), "--encoder", model == null ? "none" : model.id(),
        "--first-cutoff", firstCutoff.toString(),
        "--backtest", String.join(",", backtests.stream().map(LocalDate::toString).toList()),
        "--seed", Long.toString(seed), "--max-sequence-length", Integer.toString(maxSequenceLength),
        "--out", out.toString());
    StringBuilder line = new StringBuilder(COMMAND);
    args.forEach(arg -> line.append(' ').append(shellQuoted(arg)));
    return line.toString();
  }

  private static String shellQuoted(String arg) {
    return arg.matches("[A-Za-z0-9_./:,=+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
