package io.ppscore.training;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.FeatureVector;
import io.ppscore.features.TextProjection;
import io.ppscore.model.SpendForm;
import io.ppscore.training.gbt.GbtModel;
import io.ppscore.training.gbt.GbtTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains the spend model on the snapshots of one or more training cut-offs: per horizon a purchase
 * classifier and a Tweedie regressor of spend on all users (gradient-boosted trees), with or without text features.
 */
public final class SpendModelTrainer {

  /**
   * Family of the models this trainer makes, the prefix of their versions: spend-v2 is the Tweedie spend
   * model; spend-v1 was the two-part model.
   */
  public static final String MODEL_FAMILY = "spend-v2";

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

  /** Trains one {@link HorizonModel} per horizon of the snapshots under {@code spec}. */
  public TrainedSpendModel train(List<Snapshot> training, FeatureSpec spec) {
    List<SnapshotRow> rows = training.stream().flatMap(s -> s.rows().stream()).toList();
    float[][] x = rows.stream().map(r -> FeatureVector.assemble(spec, r.numeric(), r.boughtText(), r.browsedText()))
        .toArray(float[][]::new);
    List<Integer> horizons = training.get(0).horizonDays();
    List<HorizonModel> models = new ArrayList<>();
    for (int h = 0; h < horizons.size(); h++) {
      models.add(trainHorizon(rows, x, h, horizons.get(h)));
    }
    return new TrainedSpendModel(spec, models);
  }

  private HorizonModel trainHorizon(List<SnapshotRow> rows, float[][] x, int h, int days) {
    double[] bought = new double[rows.size()];
    double[] spend = new double[rows.size()];
    int buyers = 0;
    for (int i = 0; i < rows.size(); i++) {
      spend[i] = rows.get(i).labels()[h];
      bought[i] = spend[i] > 0 ? 1 : 0;
      buyers += (int) bought[i];
    }
    long start = System.nanoTime();
    GbtModel p = GbtTrainer.train(x, bought, null, options.purchaseParams());
    GbtModel m = GbtTrainer.train(x, spend, null, options.spendParams());
    double actual = 0;
    double predicted = 0;
    for (int i = 0; i < x.length; i++) {
      actual += spend[i];
      predicted += m.predict(x[i]);
    }
    progress.printf("  %3d-day horizon: %,d users (%,d buyers) trained in %.1f s%n", days, rows.size(), buyers,
        (System.nanoTime() - start) / 1e9);
    return new HorizonModel(days, p, m, actual / predicted, SpendForm.TWEEDIE);
  }
}
