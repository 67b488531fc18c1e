package io.ppscore.app;

import io.ppscore.bench.BenchEvents;
import io.ppscore.bench.HistogramWindow;
import io.ppscore.bench.PacedSends;
import io.ppscore.bench.ProcessPeaks;
import io.ppscore.bench.ScoreVisibilityProbe;
import io.ppscore.config.AppConfig;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.metrics.AppMetrics;
import io.ppscore.replay.KafkaReplayTarget;
import io.ppscore.replay.ReplayEvent;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The bench's pipeline phases on one ppscore instance: (1) all events loaded before start, consumed as fast
 * as the pipeline can (maximum rate); (2) events sent at half that rate, with event times of now (latency at
 * a sustainable load). Figures come from the instance's own meters.
 */
final class BenchPipelineRun {

  private static final Duration POLL = Duration.ofMillis(100);
  /** Share of the maximum-rate phase's events treated as warm-up and left out of its rate. */
  static final double WARM_UP_SHARE = 0.2;
  private static final Duration TIMEOUT = Duration.ofMinutes(15);
  private final AppConfig config;
  private final SchemaRegistry registry;
  private final PrintStream log;

  BenchPipelineRun(AppConfig config, SchemaRegistry registry, PrintStream log) {
    this.config = config;
    this.registry = registry;
    this.log = log;
  }

  /** What the pipeline phases measured; {@code encoder} is empty when the instance opened no text encoder. */
  record Result(long eventsSent, double eventsInPerSecond, double scoresPerSecond, long scoresOut,
      String maxLoadLatency, double pacedRate, String pacedLatency, String pacedVisibleLatency, double pacedP99Ms, String embedBatch,
      String scoreBatch, double cacheHitRate, java.util.Optional<BenchEncoderFigures> encoder,
      long peakHeapBytes, long peakRssBytes, Map<String, Object> json) {

    Map<String, Object> toJson() {
      return json;
    }

    /** The id of the encoder the pipeline ran (the baselines use the same); empty without one. */
    java.util.Optional<String> encoderId() {
      return encoder.map(BenchEncoderFigures::encoderId);
    }

    /** The pipeline's texts embedded per second of embedding time; NaN without an encoder. */
    double modelTextsPerSecond() {
      return encoder.map(BenchEncoderFigures::textsPerSecond).orElse(Double.NaN);
    }
  }

  Result run(List<ReplayEvent> load, BenchEvents sample, int pacedSeconds) throws Exception {
    log.printf("bench: loading %,d events into the input topics...%n", load.size());
    long t = System.nanoTime();
    try (KafkaReplayTarget target = ReplayTargets.kafka(config, registry)) {
      load.forEach(target::send);
      target.flush();
    }
    log.printf("bench: loaded in %.1f s; starting ppscore with the model (max-rate phase)...%n", (System.nanoTime() - t) / 1e9);
    Map<String, Object> json = new LinkedHashMap<>();
    try (PpscoreApp app = PpscoreApp.start(config, registry)) {
      AppMetrics metrics = app.metrics();
      HistogramWindow maxLoad = new HistogramWindow(metrics.eventToScoreLatency());
      long first = waitFor(app, s -> s.eventsIn() > 0, "first event in");
      long warmUpEvents = (long) Math.ceil(load.size() * WARM_UP_SHARE);
      long[] warmedUp = new long[2];
      long allIn = waitFor(app, s -> {
        if (warmedUp[0] == 0 && s.eventsIn() >= warmUpEvents) {
          warmedUp[0] = System.nanoTime();
          warmedUp[1] = s.eventsIn();
        }
        return s.eventsIn() >= load.size();
      }, "all events in", this::progress);
      double coldRate = load.size() / ((allIn - first) / 1e9);
      // The maximum rate excludes the warm-up: the JIT compiling the topology's code and RocksDB opening
      // segments made the first events several times slower (3,000 events: 309-364 events/s from the
      // first event, 8,000: 683-698). Measured from the poll that first saw the warm-up share in.
      // (the rate from the first event when one poll saw the warm-up share and all events in)
      double inRate = warmedUp[0] == 0 || warmedUp[1] >= load.size() || allIn <= warmedUp[0] ? coldRate
          : (load.size() - warmedUp[1]) / ((allIn - warmedUp[0]) / 1e9);
      long[] settled = settle(app);
      double scoreRate = settled[1] / ((settled[0] - first) / 1e9);
      String maxLatency = percentiles(maxLoad);
      log.printf("bench: max rate %,.0f events/s in after the first %,d (warm-up; %,.0f events/s from the first),"
          + " %,.1f scores/s out (%,d scores)%n", inRate, warmUpEvents, coldRate, scoreRate, settled[1]);
      Map<String, Object> clients = clientMetrics(app.streams());
      double streamCpuMs = streamThreadCpuNanos() / 1e6;
      log.printf("bench: stream threads' CPU %.0f ms, %.3f ms per event; client metrics %s%n", streamCpuMs,
          streamCpuMs / load.size(), clients);
      json.put("streamThreadsCpuMs", streamCpuMs);
      json.put("clientMetrics", clients);
      json.put("maxRate", Map.of("eventsInPerSecond", inRate, "eventsInPerSecondFromFirstEvent", coldRate,
          "warmUpEvents", warmUpEvents, "scoresPerSecond", scoreRate, "scoresOut", settled[1],
          "latencyMs", percentileMap(maxLoad), "note", "all events loaded before start: latency here counts from "
              + "when user-activity accepted an event, not from its append (the backlog wait is excluded)"));
      double pacedRate = inRate / 2;
      long sent = load.size();
      HistogramWindow paced = new HistogramWindow(metrics.eventToScoreLatency());
      Map<String, Object> visibleMs = new LinkedHashMap<>();
      String pacedVisibleLatency = "not measured";
      PacedSends sends = new PacedSends();
      if (pacedSeconds > 0) {
        int n = (int) Math.max(1, pacedRate * pacedSeconds);
        log.printf("bench: paced phase, %,d events at %,.0f events/s (50%% of max), event times = send time...%n", n, pacedRate);
        try (ScoreVisibilityProbe visible = ScoreVisibilityProbe.start(config.bootstrapServers(),
            Topics.from(config, registry).scores(), sends, System.currentTimeMillis())) {
          sendPaced(sample, load.size(), n, pacedRate, sends);
          sent += n;
          long total = sent;
          waitFor(app, s -> s.eventsIn() >= total, "paced events in");
          settle(app); // at least a second without new scores: the last transaction has committed
          log.printf("bench: paced rate achieved %,.1f events/s (target %,.1f)%n", sends.achievedPerSecond(), pacedRate);
          pacedVisibleLatency = String.format(Locale.ROOT, "%.0f / %.0f / %.0f (n=%d)", visible.percentileMs(0.5),
              visible.percentileMs(0.95), visible.percentileMs(0.99), visible.count());
          visibleMs.put("count", visible.count());
          visibleMs.put("p50", visible.percentileMs(0.5));
          visibleMs.put("p95", visible.percentileMs(0.95));
          visibleMs.put("p99", visible.percentileMs(0.99));
          visibleMs.put("eventsNotCovered", sends.pending());
          visibleMs.put("definition", "per event: for every paced event, receive time at a read_committed consumer "
              + "of the scores topic of the first score of its user whose triggering event time is at or after the "
              + "event's time, minus the event's send time (= its event time in this phase); events no visible score "
              + "covered are counted in eventsNotCovered; exact, nearest rank");
          visibleMs.put("perScore", Map.of("count", visible.perScoreCount(), "p50", visible.perScorePercentileMs(0.5),
              "p95", visible.perScorePercentileMs(0.95), "p99", visible.perScorePercentileMs(0.99),
              "definition", "as bench runs before per-event sampling reported it: one sample per score, receive time "
                  + "minus the triggering event's time (the user's newest event in the score); exact, nearest rank"));
          visible.failure().ifPresent(f -> visibleMs.put("probeFailed", f));
        }
      }
      String pacedLatency = percentiles(paced);
      Map<String, Object> pacedJson = new LinkedHashMap<>();
      pacedJson.put("eventsPerSecond", pacedRate);
      pacedJson.put("eventsSent", sends.sent());
      pacedJson.put("achievedEventsPerSecond", sends.achievedPerSecond());
      pacedJson.put("achievedDefinition", "(events sent - 1) / seconds from the first send to the last (ms clock), "
          + "comparable with eventsPerSecond, the target the sends were scheduled at");
      pacedJson.put("seconds", pacedSeconds);
      pacedJson.put("scores", paced.count());
      pacedJson.put("latencyMs", percentileMap(paced));
      pacedJson.put("visibleLatencyMs", visibleMs);
      json.put("paced", pacedJson);
      DistributionSummary embed = metrics.inferenceBatchSize(AppMetrics.EMBED);
      DistributionSummary score = metrics.inferenceBatchSize(AppMetrics.SCORE);
      double hits = counter(metrics, "ppscore.embedding.cache.hits");
      double misses = counter(metrics, "ppscore.embedding.cache.misses");
      // the figures of the encoder this instance opened (the model's, or the default one for a model without text)
      java.util.Optional<BenchEncoderFigures> encoder = BenchEncoderFigures.of(app.encoderId());
      json.put("encoderId", encoder.map(BenchEncoderFigures::encoderId).orElse(null));
      json.put("encoderModelRuns", encoder.map(BenchEncoderFigures::runsJson).orElse(null));
      Result result = new Result(sent, inRate, scoreRate, settled[1], maxLatency, pacedRate, pacedLatency,
          pacedVisibleLatency, paced.percentileMs(0.99), mean(embed), mean(score), hits / Math.max(1, hits + misses),
          encoder, ProcessPeaks.heapBytes(), ProcessPeaks.rssBytes(), json);
      json.put("embedBatch", Map.of("calls", embed.count(), "meanTexts", embed.mean(), "maxTexts", embed.max()));
      json.put("scoreBatch", Map.of("calls", score.count(), "meanRows", score.mean(), "maxRows", score.max()));
      json.put("embeddingCacheHitRate", result.cacheHitRate());
      Map<String, Object> prefetch = new LinkedHashMap<>();
      prefetch.put("enabled", config.embeddingPrefetch());
      prefetch.put("coalesce", !config.embeddingPrefetch() && config.embeddingCoalesce());
      prefetch.put("scoringCacheHits", hits);
      prefetch.put("scoringCacheMisses", misses);
      prefetch.put("scoringWaitedForInFlight", counter(metrics, "ppscore.embedding.cache.waits"));
      prefetch.put("prefetchedTexts", counter(metrics, "ppscore.embedding.prefetch.texts"));
      prefetch.put("prefetchBatches", counter(metrics, "ppscore.embedding.prefetch.batches"));
      prefetch.put("prefetchHits", counter(metrics, "ppscore.embedding.prefetch.hits"));
      prefetch.put("dropped", counter(metrics, "ppscore.embedding.prefetch.dropped"));
      prefetch.put("errors", counter(metrics, "ppscore.embedding.prefetch.errors"));
      json.put("embeddingPrefetch", prefetch);
      // time the scoring runs spent in each inference call, on the stream thread (prefetch time excluded)
      json.put("scoringRunInferenceSeconds", Map.of(
          AppMetrics.EMBED, metrics.inferenceLatency(AppMetrics.EMBED).totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9,
          AppMetrics.SCORE, metrics.inferenceLatency(AppMetrics.SCORE).totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9));
      log.printf("bench: scoring-run inference seconds %s%n", json.get("scoringRunInferenceSeconds"));
      log.printf("bench: embedding prefetch %s: %s%n", config.embeddingPrefetch() ? "on" : "off", prefetch);
      json.put("provider", encoder.map(BenchEncoderFigures::provider).orElse(null));
      json.put("inPipelineEncoderTextsPerSecond", encoder.map(BenchEncoderFigures::textsPerSecond).orElse(null));
      json.put("peakHeapBytes", result.peakHeapBytes());
      json.put("peakRssBytes", result.peakRssBytes());
      return result;
    }
  }

  private static final java.util.Set<String> CLIENT_METRICS = java.util.Set.of("record-retry-total", "request-latency-avg",
      "request-latency-max", "records-per-request-avg", "batch-size-avg", "record-queue-time-avg", "produce-throttle-time-avg",
      "commit-latency-avg", "commit-latency-max", "commit-total", "poll-latency-avg", "process-latency-avg", "punctuate-latency-avg",
      "punctuate-total", "poll-total", "process-total", "txn-commit-time-ns-total", "flush-time-ns-total", "txn-send-offsets-time-ns-total",
      "record-error-total");

  /** CPU time of this JVM's Kafka Streams stream threads so far (they run the topology and its punctuations). */
  private static long streamThreadCpuNanos() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains("-StreamThread-")) {
        total += Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return total;
  }

  /** Producer and stream-thread metrics that explain where the time went (summed over clients/threads). */
  private static Map<String, Object> clientMetrics(KafkaStreams streams) {
    Map<String, Object> out = new java.util.TreeMap<>();
    streams.metrics().forEach((name, metric) -> {
      if (CLIENT_METRICS.contains(name.name()) && (name.group().equals("producer-metrics") || name.group().equals("stream-thread-metrics"))
          && metric.metricValue() instanceof Number n) {
        out.merge(name.group().replace("-metrics", "") + "." + name.name(), n.doubleValue(), (a, b) -> ((Double) a) + (Double) b);
      }
    });
    return out;
  }

  private void sendPaced(BenchEvents sample, int from, int n, double rate, PacedSends sends) {
    try (KafkaReplayTarget target = ReplayTargets.kafka(config, registry)) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = start + (long) (i / rate * 1e9);
        while (System.nanoTime() < due) {
          java.util.concurrent.locks.LockSupport.parkNanos(Math.min(due - System.nanoTime(), 1_000_000L));
        }
        ReplayEvent e = sample.paced(i, from);
        long stamp = sends.record(e.userId(), System.currentTimeMillis()); // before the send: the probe may see its score at once
        target.send(e.shiftedBy(stamp - e.timestampMs()));
      }
      target.flush();
    }
  }

  /** Waits until scores stop growing for a few scoring intervals; returns {time it last grew, scores out}. */
  private long[] settle(PpscoreApp app) throws InterruptedException {
    long quiet = Math.max(1_000, 5 * config.scoringInterval().toMillis()) * 1_000_000L;
    long last = PipelineStats.countersOf(app.streams()).scoresOut();
    long lastChange = System.nanoTime();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() - lastChange < quiet && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      long now = PipelineStats.countersOf(app.streams()).scoresOut();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
    }
    return new long[] {lastChange, last};
  }

  private long waitFor(PpscoreApp app, java.util.function.Predicate<PipelineStats> done, String what)
      throws InterruptedException {
    return waitFor(app, done, what, s -> { });
  }

  private long waitFor(PpscoreApp app, java.util.function.Predicate<PipelineStats> done, String what,
      java.util.function.Consumer<PipelineStats> progress) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long nextProgress = System.nanoTime();
    while (System.nanoTime() < deadline) {
      PipelineStats s = PipelineStats.countersOf(app.streams());
      if (done.test(s)) {
        return System.nanoTime();
      }
      if (app.streams().state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException("Kafka Streams failed while waiting for " + what);
      }
      if (System.nanoTime() >= nextProgress) {
        progress.accept(PipelineStats.of(app.streams()));
        nextProgress = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
      Thread.sleep(POLL.toMillis() / 4);
    }
    throw new IllegalStateException("timed out after " + TIMEOUT + " waiting for " + what);
  }

  private void progress(PipelineStats s) {
    log.println("  " + DemoConsole.progressLine(s));
  }

  private static double counter(AppMetrics metrics, String name) {
    FunctionCounter c = metrics.registry().find(name).functionCounter();
    return c == null ? 0 : c.count();
  }

  private static String mean(DistributionSummary s) {
    return String.format(Locale.ROOT, "%.1f / %.0f", s.mean(), s.max());
  }

  private static String percentiles(HistogramWindow w) {
    return String.format(Locale.ROOT, "%.0f / %.0f / %.0f (n=%d)", w.percentileMs(0.5), w.percentileMs(0.95),
        w.percentileMs(0.99), w.count());
  }

  private static Map<String, Object> percentileMap(HistogramWindow w) {
    return Map.of("count", w.count(), "p50", w.percentileMs(0.5), "p95", w.percentileMs(0.95), "p99", w.percentileMs(0.99),
        "resolution", "upper bound of the histogram bucket");
  }
}
