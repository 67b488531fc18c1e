package io.ppscore.training;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.FeatureVector;
import io.ppscore.features.TextProjection;
import io.ppscore.model.SpendForm;
import io.ppscore.training.gbt.GbtModel;
import io.ppscore.training.gbt.GbtTrainer;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains the spend model on the snapshots of one or more training cut-offs: per horizon a purchase
 * classifier and a Tweedie regressor of spend on all users (gradient-boosted trees), with or without text
 * features, each fitted with its training windows' levels as offsets ({@link WindowLevels}).
 */
public final class SpendModelTrainer {

  /**
   * Family of the models this trainer makes, the prefix of their versions: spend-v4 trains each horizon on
   * the cut-offs whose labels of that horizon are complete (the 30-day model on the latest months too);
   * spend-v3 trained every horizon on the cut-offs with 90 days of labels; both fit the models with each
   * training window's level as an offset and score at the latest window's level ({@link WindowLevels});
   * spend-v2 was the pooled Tweedie spend model, spend-v1 the two-part model.
   */
  public static final String MODEL_FAMILY = "spend-v4";

  private final TrainingOptions options;
  private final PrintStream progress;

  public SpendModelTrainer(TrainingOptions options, PrintStream progress) {
    this.options = Objects.requireNonNull(options, "options must not be null");
    this.progress = Objects.requireNonNull(progress, "progress must not be null");
  }

  /**
   * The feature definition to train with: numeric features only without an encoder, otherwise numeric
   * plus text features projected with a projection fitted on the training users.
   */
  public FeatureSpec featureSpec(List<Snapshot> training, io.ppscore.inference.EncoderModel encoder) {
    return encoder == null ? FeatureSpec.numericOnly() : textFeatureSpec(training, encoder.id(), encoder.dimension());
  }

  /** Fits the text projection on the training users' purchased-title profiles. */
  public FeatureSpec textFeatureSpec(List<Snapshot> training, String encoderId, int dimension) {
    List<float[]> means = new ArrayList<>();
    training.forEach(s -> s.rows().forEach(r -> {
      if (r.boughtText() != null) {
        means.add(r.boughtText());
      }
    }));
    return new FeatureSpec(TextProjection.fit(encoderId, means, dimension, options.textComponents()));
  }

  /**
   * Trains one {@link HorizonModel} per horizon on every snapshot (all their labels are complete). See
   * {@link #train(List, FeatureSpec, Instant)}.
   */
  public TrainedSpendModel train(List<Snapshot> training, FeatureSpec spec) {
    return train(training, spec, null);
  }

  /**
   * Trains one {@link HorizonModel} per horizon of the snapshots under {@code spec}, each on the snapshots
   * whose labels of that horizon end by {@code labelsEnd} (all of them when null): a 30-day model also learns
   * from the one or two latest months whose 90-day labels are still running, and its level is that of the
   * latest complete month, not of the month three months earlier. Each cut-off's label window enters both models
   * as a fixed level ({@link WindowLevels}); when scoring, both are at the level of the horizon's latest
   * window (the spend factor, and a shift of the purchase model's base log-odds that matches that window's
   * purchase rate): the freshest estimate of the level, measured on users with the longest histories.
   *
   * @throws IllegalArgumentException if a horizon has no snapshot with complete labels
   */
  public TrainedSpendModel train(List<Snapshot> training, FeatureSpec spec, Instant labelsEnd) {
    List<Integer> horizons = training.get(0).horizonDays();
    List<HorizonModel> models = new ArrayList<>();
    for (int h = 0; h < horizons.size(); h++) {
      int days = horizons.get(h);
      List<Snapshot> usable = labelsEnd == null ? training : TrainingPipeline.labelledBy(training, labelsEnd, days);
      if (usable.isEmpty()) {
        throw new IllegalArgumentException("no training cut-off has " + days + " days of labels by " + labelsEnd);
      }
      List<SnapshotRow> rows = usable.stream().flatMap(s -> s.rows().stream()).toList();
      int[] windowOfRow = new int[rows.size()];
      int at = 0;
      for (int s = 0; s < usable.size(); s++) {
        for (int r = 0; r < usable.get(s).rows().size(); r++) {
          windowOfRow[at++] = s;
        }
      }
      List<Instant> cutoffs = usable.stream().map(Snapshot::cutoff).toList();
      float[][] x = rows.stream().map(r -> FeatureVector.assemble(spec, r.numeric(), r.boughtText(), r.browsedText()))
          .toArray(float[][]::new);
      models.add(trainHorizon(rows, x, h, days, windowOfRow, cutoffs));
    }
    return new TrainedSpendModel(spec, models);
  }

  private HorizonModel trainHorizon(List<SnapshotRow> rows, float[][] x, int h, int days, int[] windowOfRow,
      List<Instant> cutoffs) {
    double[] bought = new double[rows.size()];
    double[] spend = new double[rows.size()];
    int buyers = 0;
    for (int i = 0; i < rows.size(); i++) {
      spend[i] = rows.get(i).labels()[h];
      bought[i] = spend[i] > 0 ? 1 : 0;
      buyers += (int) bought[i];
    }
    long start = System.nanoTime();
    int windows = cutoffs.size();
    // each model twice: pooled, to measure the windows' levels, then with those levels as fixed offsets
    GbtModel pooledPurchase = GbtTrainer.train(x, bought, null, options.purchaseParams());
    double[] purchaseLevels = WindowLevels.purchaseLevels(windowOfRow, windows, bought, predictions(pooledPurchase, x));
    int latest = latest(cutoffs);
    GbtModel levelFree = GbtTrainer.train(x, bought, null, WindowLevels.offsets(windowOfRow, purchaseLevels),
        options.purchaseParams());
    // the probability, like the spend, at the latest window's level: its actual purchase rate
    int[] latestRows = java.util.stream.IntStream.range(0, x.length).filter(i -> windowOfRow[i] == latest).toArray();
    if (latestRows.length == 0) {
      throw new IllegalArgumentException("the latest training cut-off " + cutoffs.get(latest) + " has no users");
    }
    double shift = WindowLevels.purchaseShift(
        java.util.Arrays.stream(latestRows).mapToDouble(i -> levelFree.predictRaw(x[i])).toArray(),
        java.util.Arrays.stream(latestRows).mapToDouble(i -> bought[i]).average().orElseThrow());
    GbtModel p = levelFree.withBaseShift(shift);
    GbtModel pooledSpend = GbtTrainer.train(x, spend, null, options.spendParams());
    double[] levels = WindowLevels.spendLevels(windowOfRow, windows, spend, predictions(pooledSpend, x));
    GbtModel m = GbtTrainer.train(x, spend, null, WindowLevels.offsets(windowOfRow, levels), options.spendParams());
    levels = WindowLevels.spendLevels(windowOfRow, windows, spend, predictions(m, x));
    double factor = Math.exp(levels[latest]);
    progress.printf("  %3d-day horizon: %,d users (%,d buyers) trained in %.1f s; spend level by window %s; applied "
            + "x%.3f to spend and %+.3f to the purchase log-odds (window %s)%n", days, rows.size(), buyers,
        (System.nanoTime() - start) / 1e9, describe(cutoffs, levels), factor, shift, cutoffs.get(latest).toString().substring(0, 10));
    return new HorizonModel(days, p, m, factor, SpendForm.TWEEDIE,
        cutoffs.stream().sorted().toList());
  }

  /** The index of the latest cut-off (by time, whatever the order of the snapshots). */
  private static int latest(List<Instant> cutoffs) {
    int latest = 0;
    for (int s = 1; s < cutoffs.size(); s++) {
      if (cutoffs.get(s).isAfter(cutoffs.get(latest))) {
        latest = s;
      }
    }
    return latest;
  }

  private static double[] predictions(GbtModel model, float[][] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = model.predict(x[i]);
    }
    return out;
  }

  private static String describe(List<Instant> cutoffs, double[] levels) {
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < levels.length; s++) {
      b.append(s == 0 ? "" : " ").append(cutoffs.get(s).toString(), 0, 7)
          .append(String.format(java.util.Locale.ROOT, " x%.2f", Math.exp(levels[s])));
    }
    return b.toString();
  }
}
