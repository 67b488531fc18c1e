package io.ppscore.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The application's own meters on one Micrometer registry, served in the Prometheus format on
 * {@code GET /metrics}. Passed to the topology as a collaborator (never a static), so tests and the bench
 * read the same meters the app records. The counters already kept as Kafka Streams sensors (events in,
 * dead letters, scores out) are not recorded here but bridged by {@link StreamsMeters}: one source of truth.
 *
 * <p>Prometheus names: {@code ppscore_event_to_score_latency_seconds} (histogram),
 * {@code ppscore_event_to_score_latency_quantile_seconds{quantile="0.5|0.95|0.99"}},
 * {@code ppscore_inference_latency_seconds{stage}}, {@code ppscore_inference_batch_size{stage}},
 * {@code ppscore_risk_flags_total{rule}}, {@code ppscore_stream_thread_replacements_total}.
 */
public final class AppMetrics {

  /** Inference stage: the text encoder's call. */
  public static final String EMBED = "embed";
  /** Inference stage: the spend model's call. */
  public static final String SCORE = "score";

  private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
  private final MeterRegistry registry;
  private final Timer eventToScore;
  private final Timer embedLatency;
  private final Timer scoreLatency;
  private final DistributionSummary embedBatch;
  private final DistributionSummary scoreBatch;
  /**
   * The suppliers behind function counters: Micrometer holds a function counter's object only weakly, and a
   * method reference passed in ({@code http::forwardsRejected}) is referenced by nothing else, so a garbage
   * collection dropped the metric from {@code /metrics}.
   */
  private final java.util.List<Object> counted = new java.util.concurrent.CopyOnWriteArrayList<>();

  private AppMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.eventToScore = Timer.builder("ppscore.event.to.score.latency")
        .description("From the wall-clock time user-activity accepted a user's oldest unscored event to the "
            + "forwarding of the score it triggered")
        .publishPercentiles(PERCENTILES)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
    for (double q : PERCENTILES) {
      // Prometheus histograms carry buckets, not quantiles: also expose the client-side p50/p95/p99.
      io.micrometer.core.instrument.Gauge.builder("ppscore.event.to.score.latency.quantile", this,
              m -> m.eventToScorePercentileMs(q) / 1000.0)
          .tag("quantile", Double.toString(q)).baseUnit("seconds")
          .description("Event-to-score latency percentile over the last minutes (Micrometer's decaying window)")
          .register(registry);
    }
    this.embedLatency = inferenceTimer(EMBED);
    this.scoreLatency = inferenceTimer(SCORE);
    this.embedBatch = batchSize(EMBED);
    this.scoreBatch = batchSize(SCORE);
  }

  /** Metrics on a Prometheus registry, for the running app. */
  public static AppMetrics prometheus() {
    return new AppMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Metrics on an in-memory registry with {@code clock}, for tests. */
  public static AppMetrics inMemory(Clock clock) {
    return new AppMetrics(new SimpleMeterRegistry(io.micrometer.core.instrument.simple.SimpleConfig.DEFAULT, clock));
  }

  /** Metrics on an in-memory registry with the system clock. */
  public static AppMetrics inMemory() {
    return inMemory(Clock.SYSTEM);
  }

  private Timer inferenceTimer(String stage) {
    return Timer.builder("ppscore.inference.latency").tag("stage", stage)
        .description("Time of one inference call of the stage (embed: the text encoder, score: the spend model)")
        .publishPercentiles(PERCENTILES)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private DistributionSummary batchSize(String stage) {
    return DistributionSummary.builder("ppscore.inference.batch.size").tag("stage", stage)
        .description("Inputs per inference call: distinct texts (embed), model rows incl. reason-code rows (score)")
        .publishPercentiles(PERCENTILES)
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
        .register(registry);
  }

  /** The registry, for binders and the exposition. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The registry's clock: monotonic time for durations. */
  public Clock clock() {
    return registry.config().clock();
  }

  /**
   * An ISO 4217 code as a label, or {@code other}: the currency comes from input events, and a label per
   * made-up code would let any producer grow the registry without bound.
   */
  static String currencyLabel(String currency) {
    return currency != null && KNOWN_CURRENCIES.contains(currency) ? currency : "other";
  }

  private static final java.util.Set<String> KNOWN_CURRENCIES = java.util.Currency.getAvailableCurrencies().stream()
      .map(java.util.Currency::getCurrencyCode).collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Counts one risk flag raised by {@code rule} ({@code ppscore_risk_flags_total{rule}}). */
  public void riskFlag(String rule) {
    Counter.builder("ppscore.risk.flags").tag("rule", Objects.requireNonNull(rule, "rule"))
        .description("Risk flags raised, by rule").register(registry).increment();
  }

  /**
   * Counts one score of a user whose currency differs from the model's training currency
   * ({@code ppscore_scores_foreign_currency_total{currency}}): amounts go to the model unconverted.
   */
  public void foreignCurrencyScore(String currency) {
    Counter.builder("ppscore.scores.foreign.currency").tag("currency", currencyLabel(currency))
        .description("Scores of users whose currency is not the model's training currency (amounts unconverted)")
        .register(registry).increment();
  }

  /**
   * Counts, as {@code ppscore_http_forwards_rejected_total}, the requests the HTTP API answered 503 because
   * every forwarding slot was taken; {@code total} is the API's own running count.
   */
  public void httpForwardsRejected(LongSupplier total) {
    counted.add(total);
    FunctionCounter.builder("ppscore.http.forwards.rejected", total, t -> t.getAsLong())
        .description("Requests answered 503 because too many were being forwarded to other instances at once")
        .register(registry);
  }

  /**
   * Counts, as {@code ppscore_stream_thread_replacements_total}, the stream threads replaced after failing;
   * {@code total} is the app's own running count.
   */
  public void streamThreadReplacements(LongSupplier total) {
    counted.add(total);
    FunctionCounter.builder("ppscore.stream.thread.replacements", total, t -> t.getAsLong())
        .description("Stream threads replaced after an uncaught exception (the 6th incident in a row shuts the "
            + "instance down instead)")
        .register(registry);
  }

  /** Records one score's event-to-score latency. */
  public void eventToScore(long millis) {
    eventToScore.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  /** Records one inference call of {@code stage} over {@code batchSize} inputs taking {@code nanos}. */
  public void inference(String stage, int batchSize, long nanos) {
    (EMBED.equals(stage) ? embedLatency : scoreLatency).record(nanos, TimeUnit.NANOSECONDS);
    (EMBED.equals(stage) ? embedBatch : scoreBatch).record(batchSize);
  }

  /** The event-to-score latency timer. */
  public Timer eventToScoreLatency() {
    return eventToScore;
  }

  /** The inference latency timer of {@code stage}. */
  public Timer inferenceLatency(String stage) {
    return EMBED.equals(stage) ? embedLatency : scoreLatency;
  }

  /** The batch-size summary of {@code stage}. */
  public DistributionSummary inferenceBatchSize(String stage) {
    return EMBED.equals(stage) ? embedBatch : scoreBatch;
  }

  /** The event-to-score latency at {@code percentile} (0.5, 0.95 or 0.99) in ms, NaN before any score. */
  public double eventToScorePercentileMs(double percentile) {
    if (eventToScore.count() == 0) {
      return Double.NaN;
    }
    for (ValueAtPercentile v : eventToScore.takeSnapshot().percentileValues()) {
      if (Math.abs(v.percentile() - percentile) < 1e-9) {
        double ms = v.value(TimeUnit.MILLISECONDS);
        // the decaying window reports 0 once its scores have aged out: no recent score, not a 0 ms one
        return ms > 0 ? ms : Double.NaN;
      }
    }
    throw new IllegalArgumentException("percentile " + percentile + " is not published; use 0.5, 0.95 or 0.99");
  }

  /** The Prometheus text exposition, or null when the registry is not a Prometheus one. */
  public String scrape() {
    return registry instanceof PrometheusMeterRegistry p ? p.scrape() : null;
  }
}
