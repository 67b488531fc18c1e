package io.ppscore.training.eval;

import io.ppscore.training.metrics.Auc;
import io.ppscore.training.metrics.Calibration;
import io.ppscore.training.metrics.ErrorMetrics;
import io.ppscore.training.metrics.RankMetrics;
import io.ppscore.training.metrics.SpendConcentration;

/** The metrics of one model over one horizon of one back-test; money metrics are null for rank-only models. */
public record MetricRow(String model, int horizonDays, double gini, double spearman, double top10Share, double auc,
    Double mae, Double rmseLog1p, Double decileMape, Double aggregateBias) {

  /** Computes every metric of {@code scores} against {@code actual} spend. */
  public static MetricRow of(ModelScores scores, int horizonDays, double[] actual) {
    double gini = RankMetrics.normalizedGini(scores.ranking(), actual);
    double spearman = RankMetrics.spearman(scores.ranking(), actual);
    double top = SpendConcentration.topShareCaptured(scores.ranking(), actual, 0.10);
    double auc = Auc.anyPurchaseAuc(scores.purchaseScore(), actual);
    if (!scores.predictsSpend()) {
      return new MetricRow(scores.name(), horizonDays, gini, spearman, top, auc, null, null, null, null);
    }
    double[] spend = scores.spend();
    return new MetricRow(scores.name(), horizonDays, gini, spearman, top, auc, ErrorMetrics.mae(spend, actual),
        ErrorMetrics.rmseLog1p(spend, actual), Calibration.decileMape(spend, actual),
        ErrorMetrics.aggregateBias(spend, actual));
  }
}
