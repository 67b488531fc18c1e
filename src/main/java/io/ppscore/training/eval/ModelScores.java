package io.ppscore.training.eval;

/**
 * One model's output for every user of a back-test: a ranking score, and where the model predicts money,
 * the predicted spend (null for rank-only baselines such as RFM), plus the score used for the AUC of
 * "any purchase". A model that has no value on these users (a baseline that cannot be fitted) has no
 * scores at all, only the reason.
 */
public record ModelScores(String name, double[] ranking, double[] spend, double[] purchaseScore, String undefinedReason) {

  /** A model that predicts spend and ranks by it. */
  public static ModelScores spend(String name, double[] spend, double[] purchaseScore) {
    return new ModelScores(name, spend, spend, purchaseScore, null);
  }

  /** A model that only ranks. */
  public static ModelScores rankOnly(String name, double[] ranking) {
    return new ModelScores(name, ranking, null, ranking, null);
  }

  /** A model without a value on these users, for {@code reason}: every metric of it is undefined. */
  public static ModelScores undefined(String name, String reason) {
    return new ModelScores(name, null, null, null, reason);
  }

  public boolean predictsSpend() {
    return spend != null;
  }

  public boolean isDefined() {
    return undefinedReason == null;
  }
}
