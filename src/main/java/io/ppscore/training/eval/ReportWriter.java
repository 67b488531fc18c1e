package io.ppscore.training.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Writes a back-test report into a directory: {@code report.json} (machine-readable), {@code report.md}
 * (readable, with PASS/FAIL per target) and per cut-off a gain chart {@code gain-<date>.png} and a decile
 * calibration chart {@code calibration-<date>.png}, dates being the cut-off's UTC date.
 */
public final class ReportWriter {

  public static final String JSON_FILE = "report.json";
  public static final String MARKDOWN_FILE = "report.md";
  private static final DateTimeFormatter CUTOFF_LABEL = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private ReportWriter() {
  }

  /**
   * Writes the report for {@code results}, in the given order, creating {@code directory} if needed and
   * overwriting earlier report files.
   *
   * @return the path of {@code report.md}
   * @throws IllegalArgumentException when {@code results} is empty or two cut-offs share a UTC date
   */
  public static Path write(Path directory, ReportContext context, List<BacktestResult> results) throws IOException {
    Objects.requireNonNull(directory, "directory must not be null");
    Objects.requireNonNull(context, "context must not be null");
    if (results.isEmpty()) {
      throw new IllegalArgumentException("results must not be empty");
    }
    List<Cutoff> cutoffs = new ArrayList<>();
    Set<String> labels = new HashSet<>();
    for (BacktestResult result : results) {
      String label = CUTOFF_LABEL.format(result.cutoff());
      if (!labels.add(label)) {
        throw new IllegalArgumentException("two cut-offs on " + label + " would share chart files");
      }
      cutoffs.add(new Cutoff(label, result));
    }
    Files.createDirectories(directory);
    for (Cutoff c : cutoffs) {
      String horizon = chartHorizon(c.result());
      Charts.gain(directory.resolve(gainFile(c.label())), "Gain chart, cut-off " + c.label() + " (" + horizon + ")",
          c.result().gainCurves());
      Charts.calibration(directory.resolve(calibrationFile(c.label())),
          "Decile calibration, cut-off " + c.label() + " (" + horizon + ")", c.result().deciles());
    }
    ReportJson.write(directory.resolve(JSON_FILE), context, results);
    Path markdown = directory.resolve(MARKDOWN_FILE);
    Files.writeString(markdown, ReportMarkdown.render(context, cutoffs), StandardCharsets.UTF_8);
    return markdown;
  }

  /** One back-test result with its cut-off label, the UTC date used in headings and chart file names. */
  record Cutoff(String label, BacktestResult result) {
  }

  static String gainFile(String label) {
    return "gain-" + label + ".png";
  }

  static String calibrationFile(String label) {
    return "calibration-" + label + ".png";
  }

  /** The horizon the deciles and gain curves describe: the longest one evaluated, as Backtest computes them. */
  static String chartHorizon(BacktestResult result) {
    OptionalInt days = result.metrics().stream().mapToInt(MetricRow::horizonDays).max();
    return days.isPresent() ? days.getAsInt() + "-day spend" : "spend";
  }
}
