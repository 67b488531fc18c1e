package io.ppscore.training.eval;

import io.ppscore.training.metrics.Auc;
import io.ppscore.training.metrics.Calibration;
import io.ppscore.training.metrics.ErrorMetrics;
import io.ppscore.training.metrics.RankMetrics;
import io.ppscore.training.metrics.SpendConcentration;
import io.ppscore.training.metrics.UndefinedMetricException;
import java.util.function.DoubleSupplier;

/**
 * The metrics of one model over one horizon of one back-test. A metric is null when the model does not
 * predict money (MAE and the others for rank-only models) or when it is undefined on these users (for
 * example Spearman of a constant prediction, or AUC when nobody bought): one such metric does not stop the
 * others.
 */
public record MetricRow(String model, int horizonDays, Double gini, Double spearman, Double top10Share, Double auc,
    Double mae, Double rmseLog1p, Double decileMape, Double aggregateBias) {

  /**
   * Computes every metric of {@code scores} against {@code actual} spend; undefined ones are null, and all
   * of them for a model that has no value on these users.
   */
  public static MetricRow of(ModelScores scores, int horizonDays, double[] actual) {
    if (!scores.isDefined()) {
      return new MetricRow(scores.name(), horizonDays, null, null, null, null, null, null, null, null);
    }
    Double gini = definedOrNull(() -> RankMetrics.normalizedGini(scores.ranking(), actual));
    Double spearman = definedOrNull(() -> RankMetrics.spearman(scores.ranking(), actual));
    Double top = definedOrNull(() -> SpendConcentration.topShareCaptured(scores.ranking(), actual, 0.10));
    Double auc = definedOrNull(() -> Auc.anyPurchaseAuc(scores.purchaseScore(), actual));
    if (!scores.predictsSpend()) {
      return new MetricRow(scores.name(), horizonDays, gini, spearman, top, auc, null, null, null, null);
    }
    double[] spend = scores.spend();
    return new MetricRow(scores.name(), horizonDays, gini, spearman, top, auc,
        definedOrNull(() -> ErrorMetrics.mae(spend, actual)), definedOrNull(() -> ErrorMetrics.rmseLog1p(spend, actual)),
        definedOrNull(() -> Calibration.decileMape(spend, actual)),
        definedOrNull(() -> ErrorMetrics.aggregateBias(spend, actual)));
  }

  /**
   * Whether a metric this model should have is null because it was undefined on the users. MAE is always
   * defined for a model that predicts money, so a null MAE marks a rank-only model.
   */
  public boolean hasUndefinedMetric() {
    return gini == null || spearman == null || top10Share == null || auc == null
        || (mae != null && (rmseLog1p == null || decileMape == null || aggregateBias == null));
  }

  /** The metric's value, or null when it is undefined on these users; invalid input still throws. */
  static Double definedOrNull(DoubleSupplier metric) {
    try {
      return metric.getAsDouble();
    } catch (UndefinedMetricException e) {
      return null;
    }
  }
}
