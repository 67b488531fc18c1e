package io.ppscore.training.eval;

import static io.ppscore.training.eval.BacktestScoring.ABLATION;
import static io.ppscore.training.eval.BacktestScoring.BG_NBD;
import static io.ppscore.training.eval.BacktestScoring.LAST_PERIOD;
import static io.ppscore.training.eval.BacktestScoring.MODEL;
import static io.ppscore.training.eval.BacktestScoring.RFM;

import io.ppscore.training.metrics.DecileRow;
import io.ppscore.training.metrics.GainPoint;
import io.ppscore.training.metrics.Interval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-made back-test result: 30 and 90 days, five models, two intervals per horizon, ten deciles and a
 * gain curve per model. The defaults meet every 90-day target, with the Gini margin, decile MAPE, |bias|
 * and AUC exactly on their inclusive thresholds; tests move one value across its threshold.
 */
final class SyntheticBacktest {

  Instant cutoff = Instant.parse("2011-04-01T00:00:00Z");
  int[] horizons = {30, 90};
  Double modelGini = 0.62;
  Double modelSpearman = 0.41;
  double ablationGini = 0.55;
  double bgNbdGini = 0.60;
  double lowerBound = 0.004;
  double decileMape = 0.25;
  double aggregateBias = 0.10;
  Double auc = 0.80;

  BacktestResult build() {
    List<MetricRow> metrics = new ArrayList<>();
    Map<String, Interval> differences = new LinkedHashMap<>();
    for (int days : horizons) {
      boolean target = days == 90;
      // Double.valueOf: a null of the 90-day values must not be unboxed by the conditional
      metrics.add(new MetricRow(MODEL, days, target ? modelGini : Double.valueOf(0.512),
          target ? modelSpearman : Double.valueOf(0.41), 0.35, target ? auc : Double.valueOf(0.83), 12.5, 1.234,
          target ? decileMape : 0.21, target ? aggregateBias : -0.03));
      metrics.add(new MetricRow(ABLATION, days, target ? ablationGini : 0.47, 0.38, 0.31, 0.78, 13.1, 1.3, 0.2, 0.05));
      metrics.add(new MetricRow(BG_NBD, days, target ? bgNbdGini : 0.44, 0.36, 0.30, 0.75, 14.2, 1.4, 0.3, -0.08));
      metrics.add(new MetricRow(LAST_PERIOD, days, 0.40, 0.30, 0.25, 0.70, 15.0, 1.5, 0.5, -0.2));
      metrics.add(new MetricRow(RFM, days, 0.45, 0.33, 0.28, 0.72, null, null, null, null));
      if (target && modelGini == null) {
        continue; // as in Backtest: an undefined Gini leaves the paired bootstrap without intervals
      }
      double vsBgNbd = target ? modelGini - bgNbdGini : 0.072;
      differences.put(days + "d vs " + ABLATION, new Interval(0.07, 0.031, 0.109, 1000, 0));
      differences.put(days + "d vs " + BG_NBD, new Interval(vsBgNbd, target ? lowerBound : 0.01, vsBgNbd + 0.03, 1000, 3));
    }
    List<DecileRow> deciles = new ArrayList<>();
    for (int d = 1; d <= 10; d++) {
      deciles.add(new DecileRow(d, 100, 10.0 * d, 10.0 * d + 5));
    }
    Map<String, List<GainPoint>> gains = new LinkedHashMap<>();
    List<String> models = List.of(MODEL, ABLATION, BG_NBD, LAST_PERIOD, RFM);
    for (int m = 0; m < models.size(); m++) {
      List<GainPoint> curve = new ArrayList<>();
      for (int i = 0; i <= 20; i++) {
        curve.add(new GainPoint(i / 20.0, Math.pow(i / 20.0, 0.3 + 0.1 * m)));
      }
      gains.put(models.get(m), curve);
    }
    return new BacktestResult(cutoff, 1234, metrics, differences, deciles, gains, Map.of());
  }
}
