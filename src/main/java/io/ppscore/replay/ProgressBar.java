package io.ppscore.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A text progress bar, {@code [#######.....] 58% 14,210/24,503 events  3,120 ev/s  ETA 3s}, printed at
 * most every {@value #MIN_INTERVAL_MS} ms. On a terminal it redraws one line with {@code \r}; in a log
 * (no console) it prints whole lines.
 */
final class ProgressBar {

  static final long MIN_INTERVAL_MS = 250;
  private static final int WIDTH = 20;

  private final PrintStream out;
  private final boolean interactive;
  private final long total;
  private final ReplayClock clock;
  private long startNanos;
  private long lastPrintNanos;
  private long lastPrintedDone = -1;
  private int lastLength;

  ProgressBar(PrintStream out, boolean interactive, long total, ReplayClock clock) {
    this.out = out;
    this.interactive = interactive;
    this.total = total;
    this.clock = clock;
  }

  /** True when this JVM has a console: redraw in place rather than print lines. */
  static boolean consoleAttached() {
    return System.console() != null;
  }

  /** Marks the start, from which rates and ETA are computed. */
  void start() {
    startNanos = clock.nanoTime();
    lastPrintNanos = startNanos;
  }

  /** Prints the bar if {@value #MIN_INTERVAL_MS} ms have passed since the last print. */
  void update(long done) {
    long now = clock.nanoTime();
    if (now - lastPrintNanos >= TimeUnit.MILLISECONDS.toNanos(MIN_INTERVAL_MS)) {
      lastPrintNanos = now;
      print(done, now - startNanos);
    }
  }

  /** Prints the bar a last time (unless it already shows {@code done}), then a summary line. */
  void finish(long done) {
    long elapsed = clock.nanoTime() - startNanos;
    if (done != lastPrintedDone) {
      print(done, elapsed);
    }
    if (interactive) {
      out.println();
    }
    out.printf(Locale.ROOT, "Replayed %,d events in %.1f s (%,d ev/s)%n",
        done, elapsed / 1e9, Math.round(rate(done, elapsed)));
    out.flush();
  }

  private void print(long done, long elapsedNanos) {
    lastPrintedDone = done;
    String line = line(done, total, elapsedNanos);
    if (interactive) {
      out.print('\r');
      out.print(line);
      // blank out the tail of a longer previous line
      out.print(" ".repeat(Math.max(0, lastLength - line.length())));
      lastLength = line.length();
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** The bar for {@code done} of {@code total} events after {@code elapsedNanos}. */
  static String line(long done, long total, long elapsedNanos) {
    double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    double rate = rate(done, elapsedNanos);
    String eta = rate <= 0 ? "?" : duration(Math.round(Math.max(0, total - done) / rate));
    return String.format(Locale.ROOT, "[%s%s] %d%% %,d/%,d events  %,d ev/s  ETA %s",
        "#".repeat(filled), ".".repeat(WIDTH - filled), (int) Math.floor(fraction * 100), done, total,
        Math.round(rate), eta);
  }

  private static double rate(long done, long elapsedNanos) {
    return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
  }

  /** {@code 3s}, {@code 2m05s}, {@code 1h02m}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    } else if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
