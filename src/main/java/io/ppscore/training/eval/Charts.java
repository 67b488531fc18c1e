package io.ppscore.training.eval;

import io.ppscore.training.eval.ChartCanvas.Axis;
import io.ppscore.training.metrics.DecileRow;
import io.ppscore.training.metrics.GainPoint;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The two charts of a back-test report: the gain chart and the decile calibration chart. */
final class Charts {

  private static final int Y_TICKS = 5;

  private Charts() {
  }

  /** Cumulative share of actual spend against share of users targeted, one line per model plus the diagonal. */
  static void gain(Path file, String title, Map<String, List<GainPoint>> curves) throws IOException {
    ChartCanvas chart = new ChartCanvas(title, share("Share of users targeted (highest predictions first)"),
        share("Cumulative share of actual spend"));
    chart.line(new double[] {0, 1}, new double[] {0, 1}, Color.GRAY, true);
    chart.legend("random targeting", Color.GRAY);
    int series = 0;
    for (Map.Entry<String, List<GainPoint>> curve : curves.entrySet()) {
      Color color = ChartCanvas.color(series++);
      chart.line(curve.getValue().stream().mapToDouble(GainPoint::userShare).toArray(),
          curve.getValue().stream().mapToDouble(GainPoint::spendShare).toArray(), color, false);
      chart.legend(curve.getKey(), color);
    }
    chart.save(file);
  }

  /** Mean predicted and mean actual spend per prediction decile, as grouped bars. */
  static void calibration(Path file, String title, List<DecileRow> deciles) throws IOException {
    double[] decileTicks = new double[deciles.size()];
    double max = 0;
    for (int i = 0; i < deciles.size(); i++) {
      decileTicks[i] = deciles.get(i).decile();
      max = Math.max(max, Math.max(deciles.get(i).meanPredicted(), deciles.get(i).meanActual()));
    }
    double step = niceStep(max / Y_TICKS);
    int steps = (int) Math.max(1, Math.ceil(max / step));
    double[] spendTicks = new double[steps + 1];
    for (int i = 0; i <= steps; i++) {
      spendTicks[i] = i * step;
    }
    ChartCanvas chart = new ChartCanvas(title,
        new Axis("Prediction decile (1 = lowest)", 0.5, 10.5, decileTicks, v -> String.valueOf(Math.round(v))),
        new Axis("Mean spend per user", 0, steps * step, spendTicks, Charts::plain));
    for (DecileRow row : deciles) {
      chart.bar(row.decile() - 0.19, 0.36, row.meanPredicted(), ChartCanvas.color(0));
      chart.bar(row.decile() + 0.19, 0.36, row.meanActual(), ChartCanvas.color(1));
    }
    chart.legend("mean predicted", ChartCanvas.color(0));
    chart.legend("mean actual", ChartCanvas.color(1));
    chart.save(file);
  }

  private static Axis share(String label) {
    return new Axis(label, 0, 1, new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, v -> Math.round(v * 100) + " %");
  }

  /** A tick label without trailing zeros, to two decimals at most. */
  private static String plain(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code value} (1 for no spend). */
  static double niceStep(double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
      if (factor * power >= value) {
        return factor * power;
      }
    }
    return 10 * power;
  }
}
