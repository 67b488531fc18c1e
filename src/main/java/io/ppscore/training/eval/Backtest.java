package io.ppscore.training.eval;

import io.ppscore.training.Snapshot;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.metrics.Calibration;
import io.ppscore.training.metrics.DecileRow;
import io.ppscore.training.metrics.GainPoint;
import io.ppscore.training.metrics.Interval;
import io.ppscore.training.metrics.PairedBootstrap;
import io.ppscore.training.metrics.RankMetrics;
import io.ppscore.training.metrics.SpendConcentration;
import io.ppscore.training.metrics.UndefinedMetricException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Evaluates a model, its ablation and the baselines on one back-test snapshot. */
public final class Backtest {

  /** Bootstrap resamples for each interval. */
  public static final int RESAMPLES = 1_000;
  private final long seed;

  public Backtest(long seed) {
    this.seed = seed;
  }

  public BacktestResult evaluate(Snapshot snapshot, TrainedSpendModel model, TrainedSpendModel ablation) {
    List<MetricRow> metrics = new ArrayList<>();
    Map<String, Interval> differences = new LinkedHashMap<>();
    List<DecileRow> deciles = List.of();
    Map<String, List<GainPoint>> gains = new LinkedHashMap<>();
    Map<String, String> undefined = new LinkedHashMap<>();
    for (int days : snapshot.horizonDays()) {
      double[] actual = BacktestScoring.actual(snapshot, days);
      List<ModelScores> all = BacktestScoring.score(snapshot, days, model, ablation);
      for (ModelScores s : all) {
        metrics.add(MetricRow.of(s, days, actual));
        if (!s.isDefined()) {
          undefined.putIfAbsent(s.name(), s.undefinedReason());
        }
      }
      ModelScores ours = all.get(0);
      for (ModelScores other : all.subList(1, 3).stream().filter(ModelScores::isDefined).toList()) {
        // an interval the Gini has no value for is left out (the report's targets then say it is missing)
        definedOrSkipped(() -> PairedBootstrap.difference(actual, ours.ranking(), other.ranking(),
            RankMetrics::normalizedGini, RESAMPLES, seed))
            .ifPresent(interval -> differences.put(days + "d vs " + other.name(), interval));
      }
      if (days == snapshot.horizonDays().get(snapshot.horizonDays().size() - 1)) {
        deciles = Calibration.decileTable(ours.spend(), actual);
        for (ModelScores s : all.stream().filter(ModelScores::isDefined).toList()) {
          definedOrSkipped(() -> SpendConcentration.gainCurve(s.ranking(), actual, 21))
              .ifPresent(curve -> gains.put(s.name(), curve));
        }
      }
    }
    return new BacktestResult(snapshot.cutoff(), snapshot.rows().size(), metrics, differences, deciles, gains, undefined);
  }

  private static <T> Optional<T> definedOrSkipped(Supplier<T> result) {
    try {
      return Optional.of(result.get());
    } catch (UndefinedMetricException e) {
      return Optional.empty();
    }
  }
}
