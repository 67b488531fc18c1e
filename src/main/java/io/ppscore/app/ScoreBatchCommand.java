package io.ppscore.app;

import io.ppscore.events.InputEvents;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.features.FeatureVector;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.model.Prediction;
import io.ppscore.model.ScoringModel;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import io.ppscore.replay.ReplayStats;
import io.ppscore.training.EmbeddingLookup;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SnapshotRow;
import io.ppscore.training.TrainingPipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ppscore score-batch}: scores every customer with an order (placed or cancelled) before a cut-off,
 * from a history file, in customer id order.
 */
@Command(name = "score-batch", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Score every customer with an order event (placed or cancelled; the datasets have no refunds) before --cutoff (or --as-of) with the model in --model-dir.",
        "Features are taken strictly before the cut-off. Writes CSV sorted by customer id: customer_id,predicted_spend_30d,predicted_spend_90d,p_purchase_90d,score"})
final class ScoreBatchCommand implements Callable<Integer> {

  @Mixin
  ModelOptions common;

  @Option(names = "--cutoff", paramLabel = "YYYY-MM-DD", description = "Reference date (features before 00:00 UTC of it).")
  LocalDate cutoff;

  @Option(names = "--as-of", paramLabel = "INSTANT",
      description = "Reference instant instead of --cutoff, to the millisecond (e.g. a streamed score's computed_at: 2026-11-22T07:53:12.345Z).")
  Instant asOf;

  @Option(names = "--out", required = true, paramLabel = "F.csv", description = "Output CSV.")
  Path out;

  @Option(names = "--model-dir", defaultValue = "models", description = "Model directory (default: models).")
  Path modelDir;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private Instant referenceTime() {
    if ((cutoff == null) == (asOf == null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give exactly one of --cutoff and --as-of");
    }
    return asOf != null ? asOf : cutoff.atStartOfDay().toInstant(ZoneOffset.UTC);
  }

  /**
   * Fails, before the texts are embedded, when no order (placed or cancelled) precedes {@code t}: the CSV
   * would hold only its header (a cut-off before the data, a year typo).
   */
  private void requireOrdersBefore(List<ReplayEvent> events, Instant t) {
    if (events.stream().noneMatch(e -> isOrder(e) && InputEvents.eventTime(e.value()).isBefore(t))) {
      throw noCustomers(events);
    }
  }

  private IllegalArgumentException noCustomers(List<ReplayEvent> events) {
    List<ReplayEvent> orders = events.stream().filter(ScoreBatchCommand::isOrder).toList();
    String span = orders.isEmpty()
        ? "the data has no orders (its events span %s to %s)".formatted((Object[]) TrainingPipeline.range(events))
        : "the data's orders span %s to %s".formatted((Object[]) TrainingPipeline.range(orders));
    return new IllegalArgumentException("no customer has an order before " + reference() + ": " + span
        + "; nothing written to " + out);
  }

  private String reference() {
    return asOf != null ? asOf + " (--as-of)" : cutoff + " (--cutoff)";
  }

  private static boolean isOrder(ReplayEvent e) {
    return e.value() instanceof OrderEvent;
  }

  /** The events strictly before {@code t}: all a snapshot at {@code t} reads, so later texts are not embedded. */
  static List<ReplayEvent> before(List<ReplayEvent> events, Instant t) {
    return events.stream().filter(e -> InputEvents.eventTime(e.value()).isBefore(t)).toList();
  }

  @Override
  public Integer call() throws Exception {
    Instant t = referenceTime();
    common.checkInputReadable();
    OutputFile csv = OutputFile.prepare("--out", out);
    try (ScoringModel model = ScoringModel.load(modelDir)) {
      TrainingPipeline pipeline = new TrainingPipeline(System.err);
      EncoderModel encoder = model.manifest().encoderId() == null ? null : EncoderModel.forId(model.manifest().encoderId());
      ReplayStats stats = new ReplayStats();
      List<ReplayEvent> all;
      List<ReplayEvent> events;
      EmbeddingLookup embeddings;
      // the encoder opens first: a device that cannot be used fails before the data is read
      // at the length the model's text features were computed with
      try (OnnxTextEncoder textEncoder = pipeline.openEncoder(encoder, common.device,
          model.manifest().maxSequenceLength())) {
        all = pipeline.load(common.format.reader(), ReplaySource.file(common.input), stats);
        requireOrdersBefore(all, t);
        ScoreBatchNotices.lateReference(reference(), t, TrainingPipeline.range(all)[1]).ifPresent(System.err::println);
        events = before(all, t);
        embeddings = pipeline.embeddings(events, textEncoder, common.embeddingCache());
      }
      Snapshot snapshot = pipeline.scoringSnapshot(events, t, embeddings, TrainingPipeline.textDimension(encoder));
      List<SnapshotRow> rows = snapshot.rows().stream()
          .sorted(Comparator.comparing(SnapshotRow::userId, CustomerIdOrder.INSTANCE)).toList();
      if (rows.isEmpty()) {
        // the check above passed, yet no customer is left (an order that did not count): still no CSV to write
        throw noCustomers(all);
      }
      float[][] x = rows.stream().map(r -> FeatureVector.assemble(model.featureSpec(), r.numeric(), r.boughtText(),
          r.browsedText())).toArray(float[][]::new);
      List<Prediction> predictions = model.predict(x);
      csv.write(w -> {
        w.write("customer_id,predicted_spend_30d,predicted_spend_90d,p_purchase_90d,score\n");
        for (int i = 0; i < rows.size(); i++) {
          Prediction p = predictions.get(i);
          // \n on every platform, like the header
          w.write(String.format(Locale.ROOT, "%s,%.2f,%.2f,%.4f,%.1f\n", rows.get(i).userId(), p.spend30(), p.spend90(),
              p.purchaseProbability90(), p.score()));
        }
      });
      ScoreBatchNotices.foreignCurrencies(rows, model.manifest().currency()).forEach(System.err::println);
      ScoreBatchNotices.unpriced(stats.emptyInvoiceCustomers(), t,
          rows.stream().map(SnapshotRow::userId).collect(Collectors.toSet())).ifPresent(System.err::println);
      long cancelledOnly = rows.stream().filter(r -> r.orders().isEmpty()).count();
      System.err.printf("Scored %,d customers (%,d of them without a paid placed order) with model %s into %s%n",
          rows.size(), cancelledOnly, model.manifest().modelVersion(), out);
      return 0;
    }
  }
}
