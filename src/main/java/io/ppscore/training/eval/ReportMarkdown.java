package io.ppscore.training.eval;

import io.ppscore.training.metrics.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable report: context, target verdicts, then per cut-off the metric tables and charts. */
final class ReportMarkdown {

  private static final String NONE = "–";

  private ReportMarkdown() {
  }

  /** The Markdown text for {@code cutoffs}, in order. */
  static String render(ReportContext context, List<ReportWriter.Cutoff> cutoffs) {
    StringBuilder md = new StringBuilder("# ppscore back-test report\n\n## Context\n\n");
    md.append("- **Model version:** ").append(context.modelVersion()).append('\n')
        .append("- **Text encoder:** ").append(context.encoderId()).append('\n')
        .append("- **Training cut-offs** (the last back-test's models):").append(context.trainingCutoffs().entrySet()
            .stream().map(e -> "\n  - " + e.getKey() + "-day horizon: " + e.getValue().stream().map(Object::toString)
                .collect(Collectors.joining(", "))).collect(Collectors.joining())).append('\n')
        .append("- **Dataset:** ").append(context.dataset()).append('\n')
        .append("- **Generated at:** ").append(context.generatedAt()).append('\n')
        .append("- **Command line:**\n\n```\n").append(context.commandLine()).append("\n```\n\n");
    md.append("## Targets (").append(Targets.HORIZON_DAYS).append("-day horizon)\n");
    cutoffs.forEach(c -> targets(md, c.result(), c.label()));
    cutoffs.forEach(c -> cutoff(md, c.result(), c.label()));
    return md.toString();
  }

  private static void targets(StringBuilder md, BacktestResult result, String label) {
    List<Targets.Target> targets = Targets.check(result);
    long met = targets.stream().filter(Targets.Target::passed).count();
    md.append("\n### Cut-off ").append(label).append(": ").append(met).append(" of ").append(targets.size())
        .append(" targets met\n\n| # | Target | Result | Evidence |\n|---|---|---|---|\n");
    for (int i = 0; i < targets.size(); i++) {
      Targets.Target t = targets.get(i);
      md.append("| ").append(i + 1).append(" | ").append(cell(t.name())).append(" | ")
          .append(t.passed() ? "PASS" : "FAIL").append(" | ").append(cell(t.evidence())).append(" |\n");
    }
  }

  private static void cutoff(StringBuilder md, BacktestResult result, String label) {
    md.append("\n## Cut-off ").append(label).append("\n\n")
        .append(String.format(Locale.ROOT, "%,d users; cut-off instant %s.%n", result.users(), result.cutoff()));
    Map<Integer, List<MetricRow>> byHorizon = new LinkedHashMap<>();
    result.metrics().forEach(m -> byHorizon.computeIfAbsent(m.horizonDays(), h -> new ArrayList<>()).add(m));
    byHorizon.forEach((days, rows) -> metricTable(md, days, rows));
    result.undefinedModels().forEach((model, reason) -> md.append("\n").append(cell(model))
        .append(" has no value on these users (").append(cell(reason))
        .append("): its metrics are ").append(NONE).append(", and its interval and gain curve are left out.\n"));
    md.append("\n### Bootstrap intervals of the ").append(BacktestScoring.MODEL).append(" Gini difference\n\n")
        .append("| Comparison | Estimate | 2.5 % | 97.5 % | Resamples | Skipped |\n|---|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<String, Interval> e : result.giniDifferences().entrySet()) {
      Interval i = e.getValue();
      md.append("| ").append(cell(e.getKey())).append(" | ").append(number(i.estimate())).append(" | ")
          .append(number(i.lower())).append(" | ").append(number(i.upper())).append(" | ").append(i.resamples())
          .append(" | ").append(i.skipped()).append(" |\n");
    }
    md.append("\n### Charts (").append(ReportWriter.chartHorizon(result)).append(")\n\n")
        .append("![Gain chart, cut-off ").append(label).append("](").append(ReportWriter.gainFile(label)).append(")\n\n")
        .append("![Decile calibration, cut-off ").append(label).append("](")
        .append(ReportWriter.calibrationFile(label)).append(")\n");
  }

  private static void metricTable(StringBuilder md, int days, List<MetricRow> rows) {
    md.append("\n### ").append(days).append("-day horizon\n\n")
        .append("| Model | Gini | Spearman | Top-10 % share | AUC | MAE | RMSE (log1p) | Decile MAPE | Aggregate bias |\n")
        .append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (MetricRow m : rows) {
      md.append("| ").append(cell(m.model()));
      for (Double v : new Double[] {m.gini(), m.spearman(), m.top10Share(), m.auc(), m.mae(), m.rmseLog1p(),
          m.decileMape(), m.aggregateBias()}) {
        md.append(" | ").append(v == null ? NONE : number(v));
      }
      md.append(" |\n");
    }
    if (rows.stream().anyMatch(MetricRow::hasUndefinedMetric)) {
      md.append("\n").append(NONE).append(" in a model's rank columns, or in the money columns of a model that predicts"
          + " money: undefined on these users (e.g. Spearman of a constant prediction, AUC when nobody or everybody"
          + " bought).\n");
    }
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }
}
