package io.ppscore.training.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppscore.training.metrics.DecileRow;
import io.ppscore.training.metrics.GainPoint;
import io.ppscore.training.metrics.Interval;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report. The tree is built field by field so the order is stable and reads like the
 * Markdown report; instants are ISO-8601 strings, and money metrics of rank-only models and metrics undefined
 * on the users (e.g. Spearman of a constant prediction) are null; {@code undefinedModels} maps a model that
 * had no value on a back-test's users (every metric null) to the reason.
 */
final class ReportJson {

  static final String FORMAT = "ppscore-backtest-report/1";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {
  }

  static void write(Path file, ReportContext context, List<BacktestResult> results) throws IOException {
    MAPPER.writeValue(file.toFile(), tree(context, results));
  }

  static ObjectNode tree(ReportContext context, List<BacktestResult> results) {
    ObjectNode root = MAPPER.createObjectNode().put("format", FORMAT);
    ObjectNode c = root.putObject("context");
    c.put("modelVersion", context.modelVersion()).put("encoderId", context.encoderId());
    // the targets' horizon under the original key; every horizon under trainingCutoffsByHorizon
    ArrayNode cutoffs = c.putArray("trainingCutoffs");
    context.trainingCutoffs().getOrDefault(Targets.HORIZON_DAYS, List.of()).forEach(t -> cutoffs.add(iso(t)));
    ObjectNode byHorizon = c.putObject("trainingCutoffsByHorizon");
    context.trainingCutoffs().forEach((days, list) -> {
      ArrayNode a = byHorizon.putArray(Integer.toString(days));
      list.forEach(t -> a.add(iso(t)));
    });
    c.put("commandLine", context.commandLine()).put("generatedAt", iso(context.generatedAt()))
        .put("dataset", context.dataset());
    ArrayNode backtests = root.putArray("backtests");
    results.forEach(r -> backtest(backtests.addObject(), r));
    return root;
  }

  private static void backtest(ObjectNode node, BacktestResult result) {
    node.put("cutoff", iso(result.cutoff())).put("users", result.users());
    ArrayNode metrics = node.putArray("metrics");
    for (MetricRow m : result.metrics()) {
      metrics.addObject().put("model", m.model()).put("horizonDays", m.horizonDays()).put("gini", m.gini())
          .put("spearman", m.spearman()).put("top10Share", m.top10Share()).put("auc", m.auc()).put("mae", m.mae())
          .put("rmseLog1p", m.rmseLog1p()).put("decileMape", m.decileMape()).put("aggregateBias", m.aggregateBias());
    }
    ObjectNode undefined = node.putObject("undefinedModels");
    result.undefinedModels().forEach(undefined::put);
    ObjectNode differences = node.putObject("giniDifferences");
    for (Map.Entry<String, Interval> e : result.giniDifferences().entrySet()) {
      Interval i = e.getValue();
      differences.putObject(e.getKey()).put("estimate", i.estimate()).put("lower", i.lower()).put("upper", i.upper())
          .put("resamples", i.resamples()).put("skipped", i.skipped());
    }
    ArrayNode deciles = node.putArray("deciles");
    for (DecileRow d : result.deciles()) {
      deciles.addObject().put("decile", d.decile()).put("count", d.count()).put("meanPredicted", d.meanPredicted())
          .put("meanActual", d.meanActual());
    }
    ObjectNode gains = node.putObject("gainCurves");
    for (Map.Entry<String, List<GainPoint>> e : result.gainCurves().entrySet()) {
      ArrayNode curve = gains.putArray(e.getKey());
      e.getValue().forEach(p -> curve.addObject().put("userShare", p.userShare()).put("spendShare", p.spendShare()));
    }
    ArrayNode targets = node.putArray("targets");
    for (Targets.Target t : Targets.check(result)) {
      targets.addObject().put("target", t.name()).put("passed", t.passed()).put("evidence", t.evidence());
    }
  }

  private static String iso(Instant instant) {
    return instant.toString();
  }
}
