package io.ppscore.training.eval;

import static io.ppscore.training.eval.BacktestScoring.ABLATION;
import static io.ppscore.training.eval.BacktestScoring.BG_NBD;
import static io.ppscore.training.eval.BacktestScoring.MODEL;

import io.ppscore.training.metrics.Interval;
import java.util.List;
import java.util.Locale;

/** The five release targets, checked on the 90-day results of one back-test cut-off. */
final class Targets {

  static final int HORIZON_DAYS = 90;
  static final double GINI_MARGIN = 0.02;
  static final double MAX_DECILE_MAPE = 0.25;
  static final double MAX_ABS_BIAS = 0.10;
  static final double MIN_AUC = 0.80;
  static final String DIFFERENCE_KEY = HORIZON_DAYS + "d vs " + BG_NBD;
  // The thresholds are decimals; a metric computed in binary floating point can land a rounding error
  // past one (0.6 + 0.02 != 0.62), and that must not decide PASS or FAIL.
  private static final double TOLERANCE = 1e-9;

  /** One target: what it demands, whether the results meet it, and the numbers that decided it. */
  record Target(String name, boolean passed, String evidence) {
  }

  private Targets() {
  }

  /** Checks all five targets on {@code result}; a target whose inputs are missing fails. */
  static List<Target> check(BacktestResult result) {
    MetricRow model = row(result, MODEL);
    MetricRow ablation = row(result, ABLATION);
    MetricRow bgNbd = row(result, BG_NBD);
    Interval difference = result.giniDifferences().get(DIFFERENCE_KEY);
    return List.of(giniMargin(model, bgNbd, difference, result.undefinedModels().get(BG_NBD)), giniOverAblation(model, ablation),
        atMost("decile MAPE", model == null ? null : model.decileMape(), MAX_DECILE_MAPE),
        atMost("|aggregate bias|", model == null || model.aggregateBias() == null ? null
            : Math.abs(model.aggregateBias()), MAX_ABS_BIAS),
        auc(model));
  }

  private static Target giniMargin(MetricRow model, MetricRow bgNbd, Interval difference, String bgNbdUndefined) {
    String name = String.format(Locale.ROOT, "%s Gini ≥ %s Gini + %.2f and bootstrap lower bound > 0", MODEL, BG_NBD,
        GINI_MARGIN);
    if (model == null || bgNbd == null) {
      return missing(name);
    }
    if (bgNbdUndefined != null) {
      return new Target(name, false, BG_NBD + " has no value on these users: " + bgNbdUndefined);
    }
    if (model.gini() == null || bgNbd.gini() == null) {
      // before the interval: an undefined Gini leaves the bootstrap without an interval too
      return undefined(name, "Gini");
    }
    if (difference == null) {
      return missing(name);
    }
    boolean passed = model.gini() - bgNbd.gini() >= GINI_MARGIN - TOLERANCE && difference.lower() > 0;
    return new Target(name, passed, String.format(Locale.ROOT, "Gini %.4f vs %.4f (difference %+.4f); interval [%.4f, %.4f]",
        model.gini(), bgNbd.gini(), model.gini() - bgNbd.gini(), difference.lower(), difference.upper()));
  }

  private static Target giniOverAblation(MetricRow model, MetricRow ablation) {
    String name = MODEL + " Gini > " + ABLATION + " Gini";
    if (model == null || ablation == null) {
      return missing(name);
    }
    if (model.gini() == null || ablation.gini() == null) {
      return undefined(name, "Gini");
    }
    return new Target(name, model.gini() > ablation.gini(),
        String.format(Locale.ROOT, "Gini %.4f vs %.4f", model.gini(), ablation.gini()));
  }

  private static Target atMost(String metric, Double value, double max) {
    String name = String.format(Locale.ROOT, "%s %s ≤ %.2f", MODEL, metric, max);
    if (value == null) {
      return missing(name);
    }
    return new Target(name, value <= max + TOLERANCE, String.format(Locale.ROOT, "%s %.4f", metric, value));
  }

  private static Target auc(MetricRow model) {
    String name = String.format(Locale.ROOT, "%s AUC ≥ %.2f", MODEL, MIN_AUC);
    if (model == null) {
      return missing(name);
    }
    if (model.auc() == null) {
      return undefined(name, "AUC");
    }
    return new Target(name, model.auc() >= MIN_AUC - TOLERANCE, String.format(Locale.ROOT, "AUC %.4f", model.auc()));
  }

  private static Target missing(String name) {
    return new Target(name, false, "not in the results");
  }

  private static Target undefined(String name, String metric) {
    return new Target(name, false, metric + " undefined on these users");
  }

  private static MetricRow row(BacktestResult result, String model) {
    return result.metrics().stream().filter(m -> m.horizonDays() == HORIZON_DAYS && m.model().equals(model))
        .findFirst().orElse(null);
  }
}
