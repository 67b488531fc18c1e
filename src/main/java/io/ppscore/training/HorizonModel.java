package io.ppscore.training;

import io.ppscore.training.gbt.GbtModel;

/**
 * The two-part model of spend over one horizon: P(any purchase) times E[spend | purchase]. The second
 * part is fitted on log(1 + spend) of buyers, so its back-transform is multiplied by a smearing factor
 * (Duan 1983), the training buyers' mean of actual spend over back-transformed prediction, that removes
 * the retransformation bias.
 */
public record HorizonModel(int days, GbtModel purchaseProbability, GbtModel logSpendIfBuying, double smearing) {

  public HorizonModel {
    if (days < 1) {
      throw new IllegalArgumentException("horizon must be at least one day");
    }
    if (!(smearing > 0) || Double.isInfinite(smearing)) {
      throw new IllegalArgumentException("smearing factor must be positive and finite, was " + smearing);
    }
  }

  /** Expected gross spend in the horizon for features {@code x}. */
  public double expectedSpend(float[] x) {
    return combine(purchaseProbability.predict(x), logSpendIfBuying.predict(x));
  }

  public double probability(float[] x) {
    return purchaseProbability.predict(x);
  }

  /** The two parts' outputs combined; the serving path applies the same formula to ONNX outputs. */
  public double combine(double probability, double logSpend) {
    return io.ppscore.model.SpendFormula.expectedSpend(probability, logSpend, smearing);
  }
}
