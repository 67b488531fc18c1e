package io.ppscore.training.eval;

import io.ppscore.training.metrics.DecileRow;
import io.ppscore.training.metrics.GainPoint;
import io.ppscore.training.metrics.Interval;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one back-test cut-off produced: metrics per model and horizon, bootstrap intervals of the
 * model's Gini minus each comparator's (keyed {@code "<horizon>d vs <comparator>"}), and the 90-day decile
 * table and gain curves for the charts; and the models that had no value on these users, with the reason
 * (their metrics are null, and their intervals and gain curves left out).
 */
public record BacktestResult(Instant cutoff, int users, List<MetricRow> metrics, Map<String, Interval> giniDifferences,
    List<DecileRow> deciles, Map<String, List<GainPoint>> gainCurves, Map<String, String> undefinedModels) {
}
