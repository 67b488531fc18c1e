package io.ppscore.model;

/**
 * Expected spend over a horizon from the two-part model's outputs: P(purchase) x (exp(log-spend) - 1) x
 * smearing. Training evaluation and serving both use it, so their predictions cannot drift apart.
 */
public final class SpendFormula {

  private SpendFormula() {
  }

  public static double expectedSpend(double probability, double logSpend, double smearing) {
    return probability * Math.max(0.0, Math.expm1(logSpend)) * smearing;
  }
}
