package io.ppscore.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AppMetricsTest {

  @Test
  void shouldExposeTheAppMetersUnderTheirPrometheusNames() {
    // Given
    AppMetrics metrics = AppMetrics.prometheus();

    // When
    metrics.eventToScore(120);
    metrics.inference(AppMetrics.EMBED, 32, 5_000_000);
    metrics.inference(AppMetrics.SCORE, 11, 1_000_000);
    metrics.riskFlag("velocity");
    String scrape = metrics.scrape();

    // Then
    assertThat(scrape)
        .contains("ppscore_event_to_score_latency_seconds_count 1")
        .contains("ppscore_event_to_score_latency_seconds_bucket{le=")
        .contains("ppscore_event_to_score_latency_quantile_seconds{quantile=\"0.99\"} 0.1")
        .contains("ppscore_inference_latency_seconds_count{stage=\"embed\"} 1")
        .contains("ppscore_inference_batch_size_sum{stage=\"embed\"} 32.0")
        .contains("ppscore_inference_batch_size_sum{stage=\"score\"} 11.0")
        .contains("ppscore_risk_flags_total{rule=\"velocity\"} 1.0");
  }

  @Test
  void shouldExposeTheHttpApisRejectedForwardsAsACounter() {
    // Given the API's running count
    AppMetrics metrics = AppMetrics.prometheus();
    java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong();
    metrics.httpForwardsRejected(rejected::get);

    // When
    rejected.set(3);

    // Then
    assertThat(metrics.scrape()).contains("ppscore_http_forwards_rejected_total 3.0");
  }

  @Test
  void shouldKeepACounterWhoseSupplierNothingElseHoldsThroughGarbageCollections() throws InterruptedException {
    // Given counters registered with method references nobody else holds (as PpscoreApp passes
    // http::forwardsRejected and replacements::replaced)
    AppMetrics metrics = AppMetrics.prometheus();
    java.util.concurrent.atomic.AtomicLong rejected = new java.util.concurrent.atomic.AtomicLong(3);
    java.util.concurrent.atomic.AtomicLong replaced = new java.util.concurrent.atomic.AtomicLong(2);
    metrics.httpForwardsRejected(rejected::get);
    metrics.streamThreadReplacements(replaced::get);

    // When the collector runs (Micrometer holds a function counter's object weakly)
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }

    // Then both still read their values (before, the weakly held suppliers were collected and the counters
    // read NaN)
    assertThat(metrics.scrape()).contains("ppscore_http_forwards_rejected_total 3.0")
        .contains("ppscore_stream_thread_replacements_total 2.0");
  }

  @Test
  void shouldReportLatencyPercentilesInMilliseconds() {
    // Given
    AppMetrics metrics = AppMetrics.inMemory();
    assertThat(metrics.eventToScorePercentileMs(0.99)).isNaN();

    // When
    for (int i = 1; i <= 100; i++) {
      metrics.eventToScore(i * 10L);
    }

    // Then (Micrometer's percentiles are approximate: within a few percent)
    assertThat(metrics.eventToScorePercentileMs(0.5)).isCloseTo(500, within(40.0));
    assertThat(metrics.eventToScorePercentileMs(0.99)).isCloseTo(990, within(60.0));
  }

  @Test
  void shouldReportNoLatencyOnceTheScoresHaveAgedOutOfTheWindow() {
    // Given scores 10 minutes ago
    io.micrometer.core.instrument.MockClock clock = new io.micrometer.core.instrument.MockClock();
    AppMetrics metrics = AppMetrics.inMemory(clock);
    for (int i = 1; i <= 100; i++) {
      metrics.eventToScore(i * 10L);
    }
    assertThat(metrics.eventToScorePercentileMs(0.99)).isPositive();

    // When no score follows for 10 minutes (beyond the decaying window)
    clock.add(java.time.Duration.ofMinutes(10));

    // Then there is no p99 to report, rather than a p99 of 0 ms
    assertThat(metrics.eventToScorePercentileMs(0.99)).isNaN();
  }

  @Test
  void shouldLabelOnlyRealCurrencyCodesSoInputCannotGrowTheRegistry() {
    AppMetrics metrics = AppMetrics.inMemory();

    metrics.foreignCurrencyScore("USD");
    metrics.foreignCurrencyScore("QQQ");
    metrics.foreignCurrencyScore("ZZZ");

    org.assertj.core.api.Assertions.assertThat(metrics.registry().find("ppscore.scores.foreign.currency").counters())
        .extracting(c -> c.getId().getTag("currency")).containsExactlyInAnyOrder("USD", "other");
  }
}
