package io.ppscore.model;

/**
 * How a horizon's two graph outputs, P(purchase) and a log-scale spend output m, become expected spend.
 * Recorded per horizon in the manifest, so a model keeps the formula it was trained with.
 */
public enum SpendForm {

  /**
   * P(purchase) x (exp(m) - 1) x smearing, with m fitted on log(1 + spend) of buyers and the smearing
   * factor of Duan (1983). Models up to spend-v1; a manifest without a form means this one.
   */
  TWO_PART {
    @Override
    public double expectedSpend(double probability, double m, double factor) {
      return probability * Math.max(0.0, Math.expm1(m)) * factor;
    }
  },

  /**
   * exp(m) x factor, with m the log of expected spend from a Tweedie (power 1.5, log link) regression on
   * all users, buyers or not; the factor is a level: for spend-v2 the training users' actual over predicted
   * total (calibration in the large, close to 1), since spend-v3 the latest training window's level (its
   * users' actual over predicted total; in the shipped spend-v4 model 1.02 for 30 days and 0.89 for 90). The manifest field is still called
   * {@code smearing}. P(purchase) is reported, not multiplied in: the spend model has it already.
   */
  TWEEDIE {
    @Override
    public double expectedSpend(double probability, double m, double factor) {
      return Math.exp(m) * factor;
    }
  };

  /** Expected spend from the horizon's outputs and its manifest factor. */
  public abstract double expectedSpend(double probability, double m, double factor);
}
