package io.ppscore.training;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.FeatureVector;
import io.ppscore.features.TextProjection;
import io.ppscore.training.gbt.GbtModel;
import io.ppscore.training.gbt.GbtTrainer;
import io.ppscore.training.gbt.Loss;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Trains the spend model on the snapshots of one or more training cut-offs: per horizon a purchase
 * classifier and a log-spend regressor for buyers (gradient-boosted trees), with or without text features.
 */
public final class SpendModelTrainer {

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
    List<float[]> buyerX = new ArrayList<>();
    List<Double> buyerY = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      double spend = rows.get(i).labels()[h];
      bought[i] = spend > 0 ? 1 : 0;
      if (spend > 0) {
        buyerX.add(x[i]);
        buyerY.add(Math.log1p(spend));
      }
    }
    long start = System.nanoTime();
    GbtModel p = GbtTrainer.train(x, bought, null, options.params(Loss.LOGISTIC));
    float[][] bx = buyerX.toArray(float[][]::new);
    double[] by = buyerY.stream().mapToDouble(Double::doubleValue).toArray();
    GbtModel m = GbtTrainer.train(bx, by, null, options.params(Loss.SQUARED));
    double actual = 0;
    double predicted = 0;
    for (int i = 0; i < bx.length; i++) {
      actual += Math.expm1(by[i]);
      predicted += Math.max(0.0, Math.expm1(m.predict(bx[i])));
    }
    progress.printf("  %3d-day horizon: %,d users (%,d buyers) trained in %.1f s%n", days, rows.size(), bx.length,
        (System.nanoTime() - start) / 1e9);
    return new HorizonModel(days, p, m, actual / predicted);
  }
}
