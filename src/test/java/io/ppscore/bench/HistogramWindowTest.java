package io.ppscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.metrics.AppMetrics;
import org.junit.jupiter.api.Test;

class HistogramWindowTest {

  @Test
  void shouldReportPercentilesOfOnlyTheRecordingsSinceTheWindowOpened() {
    // Given a timer that already saw slow recordings
    AppMetrics metrics = AppMetrics.prometheus();
    for (int i = 0; i < 100; i++) {
      metrics.eventToScore(5_000);
    }

    // When a window opens and sees 99 fast recordings and one of 900 ms
    HistogramWindow window = new HistogramWindow(metrics.eventToScoreLatency());
    for (int i = 0; i < 99; i++) {
      metrics.eventToScore(20);
    }
    metrics.eventToScore(900);

    // Then its percentiles are the bucket upper bounds of those recordings only
    assertThat(window.count()).isEqualTo(100);
    assertThat(window.percentileMs(0.5)).isBetween(20.0, 30.0);
    assertThat(window.percentileMs(0.99)).isBetween(20.0, 30.0);
    assertThat(window.percentileMs(1.0)).isBetween(900.0, 1200.0);
  }
}
