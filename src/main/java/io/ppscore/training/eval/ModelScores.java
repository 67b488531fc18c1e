package io.ppscore.training.eval;

/**
 * One model's output for every user of a back-test: a ranking score, and where the model predicts money,
 * the predicted spend (null for rank-only baselines such as RFM), plus the score used for the AUC of
 * "any purchase".
 */
public record ModelScores(String name, double[] ranking, double[] spend, double[] purchaseScore) {

  /** A model that predicts spend and ranks by it. */
  public static ModelScores spend(String name, double[] spend, double[] purchaseScore) {
    return new ModelScores(name, spend, spend, purchaseScore);
  }

  /** A model that only ranks. */
  public static ModelScores rankOnly(String name, double[] ranking) {
    return new ModelScores(name, ranking, null, ranking);
  }

  public boolean predictsSpend() {
    return spend != null;
  }
}
