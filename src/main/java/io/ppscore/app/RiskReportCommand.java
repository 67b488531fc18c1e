package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.config.ConfigKeys;
import io.ppscore.config.AppVersion;
import io.ppscore.config.ConfigLayers;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import io.ppscore.risk.RiskEngine;
import io.ppscore.risk.RiskReplay;
import io.ppscore.risk.RiskReport;
import io.ppscore.risk.RiskSettings;
import io.ppscore.training.TrainingPipeline;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ppscore risk-report}: the risk rules over a historical dataset, per-rule counts and examples. */
@Command(name = "risk-report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the risk rules over a dataset and print what each flags.",
        "The rules run as the streaming code does, in event-time order, without Kafka. Per rule: flags, users "
            + "and order events flagged, share of active users flagged per day, 3 examples.",
        "Score-based checks need a model and do not run here."})
final class RiskReportCommand implements Callable<Integer> {

  private static final String RISK_PREFIX = "risk.";
  /**
   * risk.* keys with no effect on the report: the switch of the streaming rules ({@code RiskSettings} does not
   * read it), and the thresholds of the score-based checks, which need a model the report runs without.
   */
  private static final java.util.Set<String> NO_EFFECT = java.util.Set.of(AppConfig.RISK_ENABLED_CONFIG,
      AppConfig.RISK_SCORE_COLLAPSE_POINTS_CONFIG, AppConfig.RISK_SCORE_COLLAPSE_WINDOW_MS_CONFIG,
      AppConfig.RISK_SPIKE_PREDICTED_FACTOR_CONFIG, AppConfig.RISK_SPIKE_SCORE_MAX_AGE_MS_CONFIG);

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "Dataset CSV (plain or gzipped).")
  Path input;

  @Option(names = {"-f", "--format"}, defaultValue = "online-retail", converter = ReplayCommand.FormatConverter.class,
      description = "online-retail (default) or rees46.")
  DatasetFormat format;

  @Option(names = "--warmup-days", defaultValue = "30",
      description = "Days from the first event that build state but are not counted (default 30; 0 for short slices).")
  int warmUpDays;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override a risk.* setting, e.g. --set risk.velocity.orders.10m=3. Refused: keys other than risk.*, "
          + "currency.default, risk.enabled and the score-based checks' keys (risk.score.collapse.*, "
          + "risk.spend.spike.predicted.factor, risk.spend.spike.score.max.age.ms), which have no effect here.")
  Map<String, String> overrides = new HashMap<>();

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the report here.")
  Path out;

  /**
   * Refuses a --set the report does not read (anything but risk.*) or that has no effect on it (risk.enabled,
   * the score-based checks' keys): it used to be accepted and ignored, the report printed as if it had applied.
   * {@code currency.default} is refused too: both dataset readers give every event its currency (Online Retail
   * GBP, REES46 USD), so the default never applies to a report. Then, as demo and bench do, an unknown
   * {@code risk.*} key or a value its setting refuses.
   *
   * @throws picocli.CommandLine.ParameterException (a usage error, exit code 2) naming the key
   */
  private void requireReportSettings() {
    for (String key : new java.util.TreeSet<>(overrides.keySet())) {
      if (key.equals(AppConfig.CURRENCY_DEFAULT_CONFIG)) {
        throw UsageErrors.badValue(spec.commandLine(), "--set " + key + ": has no effect on "
            + "risk-report: the dataset readers give every event its currency (online-retail GBP, rees46 USD)");
      }
      if (!key.startsWith(RISK_PREFIX)) {
        throw UsageErrors.badValue(spec.commandLine(), "--set " + key + ": risk-report "
            + "reads only risk.* settings");
      }
      if (NO_EFFECT.contains(key)) {
        throw UsageErrors.badValue(spec.commandLine(), "--set " + key + ": has no effect on "
            + "risk-report, which runs the event rules without a model (" + AppConfig.RISK_ENABLED_CONFIG
            + " and the score-based checks' keys are not read)");
      }
    }
    UsageErrors.check(spec.commandLine(), () -> ConfigKeys.check(overrides, "--set"));
  }

  @Override
  public Integer call() throws Exception {
    // the options are checked before the dataset is read: a bad --out used to fail after all the work
    if (warmUpDays < 0) {
      throw UsageErrors.badValue(spec.commandLine(), "--warmup-days must not be negative, was " + warmUpDays);
    }
    requireReportSettings();
    OutputFile report = out == null ? null : OutputFile.prepare("--out", out);
    AppConfig config = new ConfigLayers().add(overrides, "--set").build();
    RiskSettings settings = RiskSettings.from(config);
    List<ReplayEvent> events = new TrainingPipeline(System.err).load(format.reader(), ReplaySource.file(input));
    RiskReplay.Result result = new RiskReplay(new RiskEngine(settings, AppVersion.get()), config.defaultCurrency())
        .run(events, warmUpDays);
    String markdown = RiskReport.markdown(input.getFileName() + " (" + format + ")", result, settings);
    System.out.print(markdown);
    if (report != null) {
      report.write(w -> w.write(markdown));
      System.err.println("Wrote " + out);
    }
    return 0;
  }
}
