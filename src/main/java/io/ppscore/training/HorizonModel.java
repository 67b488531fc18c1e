package io.ppscore.training;

import io.ppscore.model.SpendForm;
import io.ppscore.training.gbt.GbtModel;
import java.time.Instant;
import java.util.List;

/**
 * The spend model of one horizon: a purchase classifier and a spend model on a log scale, combined by
 * {@code form} (see {@link SpendForm}): a Tweedie regression of spend for models trained now, the two-part
 * P(purchase) x E[spend | purchase] for older ones. The spend model's raw score is the graph output the
 * manifest calls the log-spend output. {@code trainingCutoffs}: the cut-offs it was trained on, in time order
 * (the last one's window sets the level).
 */
public record HorizonModel(int days, GbtModel purchaseProbability, GbtModel spend, double smearing, SpendForm form,
    List<Instant> trainingCutoffs) {

  public HorizonModel {
    trainingCutoffs = List.copyOf(trainingCutoffs);
    if (days < 1) {
      throw new IllegalArgumentException("horizon must be at least one day");
    }
    if (!(smearing > 0) || Double.isInfinite(smearing)) {
      throw new IllegalArgumentException("spend factor must be positive and finite, was " + smearing);
    }
    java.util.Objects.requireNonNull(form, "form must not be null");
  }

  /** Expected gross spend in the horizon for features {@code x}. */
  public double expectedSpend(float[] x) {
    return combine(purchaseProbability.predict(x), spend.predictRaw(x));
  }

  public double probability(float[] x) {
    return purchaseProbability.predict(x);
  }

  /** The two outputs combined; the serving path applies the same formula to ONNX outputs. */
  public double combine(double probability, double logSpend) {
    return form.expectedSpend(probability, logSpend, smearing);
  }
}
