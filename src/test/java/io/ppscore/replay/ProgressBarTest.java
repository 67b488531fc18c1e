package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void shouldRenderBarPercentCountsRateAndEta() {
    // Given 15,600 of 26,000 events after 5 s: 3,120 ev/s, 10,400 left = 3.3 s

    // When
    String line = ProgressBar.line(15_600, 26_000, TimeUnit.SECONDS.toNanos(5));

    // Then
    assertThat(line).isEqualTo("[############........] 60% 15,600/26,000 events  3,120 ev/s  ETA 3s");
  }

  @Test
  void shouldShowAnUnknownEtaBeforeAnyTimeHasPassed() {
    assertThat(ProgressBar.line(0, 10, 0)).isEqualTo("[....................] 0% 0/10 events  0 ev/s  ETA ?");
  }

  @Test
  void shouldWriteLongEtasInMinutesAndHours() {
    assertThat(ProgressBar.duration(59)).isEqualTo("59s");
    assertThat(ProgressBar.duration(125)).isEqualTo("2m05s");
    assertThat(ProgressBar.duration(3_720)).isEqualTo("1h02m");
  }

  @Test
  void shouldPrintWholeLinesAtMostEveryQuarterSecondWhenNoConsoleIsAttached() {
    // Given
    FakeClock clock = new FakeClock();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 4, clock);
    bar.start();

    // When: updates at 100, 250, 300 and 600 ms
    clock.advanceMillis(100);
    bar.update(1);
    clock.advanceMillis(150);
    bar.update(2);
    clock.advanceMillis(50);
    bar.update(3);
    clock.advanceMillis(300);
    bar.update(4);
    bar.finish(4);

    // Then
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r").isEqualTo(String.join(System.lineSeparator(),
        "[##########..........] 50% 2/4 events  8 ev/s  ETA 0s",
        "[####################] 100% 4/4 events  7 ev/s  ETA 0s",
        "Replayed 4 events in 0.6 s (7 ev/s)",
        ""));
  }

  @Test
  void shouldRedrawOneLineOnAConsole() {
    // Given
    FakeClock clock = new FakeClock();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2, clock);
    bar.start();

    // When
    clock.advanceMillis(1_000);
    bar.update(1);
    bar.finish(2);

    // Then
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(
        "\r[##########..........] 50% 1/2 events  1 ev/s  ETA 1s"
            + "\r[####################] 100% 2/2 events  2 ev/s  ETA 0s" + System.lineSeparator()
            + "Replayed 2 events in 1.0 s");
  }
}
