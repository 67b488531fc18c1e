package io.ppscore.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ppscore.bench.Baselines;
import io.ppscore.bench.BenchEvents;
import io.ppscore.bench.ProcessPeaks;
import io.ppscore.config.AppConfig;
import io.ppscore.config.ConfigKeys;
import io.ppscore.embedded.EmbeddedKafka;
import io.ppscore.embedded.EmbeddedSchemaRegistry;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.model.ScoringModel;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.training.TrainingPipeline;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ppscore bench}: the whole pipeline (in-process broker and registry, the topology, the shipped model)
 * on the bundled real sample, against three baselines on the same events, in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure ppscore end to end on this machine and write the results as JSON.",
        "Starts an in-process broker and schema registry, loads N events (the bundled real sample, looped with "
            + "fresh event ids and later times when N is larger), runs the full topology with the model in "
            + "--model-dir, and reports events/s in, scores/s out, event-to-score latency, inference batch sizes, "
            + "cache hit rate, provider, peak heap and RSS. Then a paced phase at half the measured maximum rate "
            + "(latency p99 there), and on the same events: (a) a plain consumer that only decodes the three topics, "
            + "(b) the raw ONNX encoder at batch sizes 8/32/128, (c) scoring per record without batching or cache. "
            + "Prints a table and writes JSON."})
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--events", defaultValue = "8000", paramLabel = "N",
      description = "Events to load for the maximum-rate phase: the sample's latest N (it has about 18,600; the latest "
          + "are mostly the REES46 click stream, the oldest Online Retail orders), or all of it looped when N is larger. "
          + "The rate leaves out the first 20 %% (warm-up). Default: ${DEFAULT-VALUE}.")
  int events;

  @Option(names = "--paced-seconds", defaultValue = "30", paramLabel = "S",
      description = "Length of the paced phase at half the maximum rate (0 skips it). Default: ${DEFAULT-VALUE}.")
  int pacedSeconds;

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "auto|cpu|cuda[:N]", converter = ModelOptions.DeviceConverter.class,
      description = "Where the encoder runs. Default: ${DEFAULT-VALUE}.")
  io.ppscore.inference.DeviceSpec device;

  @Option(names = "--model-dir", defaultValue = "models", paramLabel = "DIR", description = "Model directory. Default: ${DEFAULT-VALUE}.")
  String modelDir;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override an app setting of the measured instance, e.g. --set commit.interval.ms=1000 "
          + "or --set inference.threads=1 (repeatable; see config --describe).")
  Map<String, String> overrides = new java.util.HashMap<>();

  @Option(names = "--scoring-interval-ms", defaultValue = "100", paramLabel = "MS",
      description = "The app's scoring.interval.ms: longer gives larger micro-batches. Default: ${DEFAULT-VALUE} (the app's default).")
  long scoringIntervalMs;

  @Option(names = "--encoder-texts", defaultValue = "1024", paramLabel = "T",
      description = "Distinct texts for the raw encoder baseline (b). Default: ${DEFAULT-VALUE}.")
  int encoderTexts;

  @Option(names = "--per-record-events", defaultValue = "500", paramLabel = "M",
      description = "Events for the per-record baseline (c). Default: ${DEFAULT-VALUE}.")
  int perRecordEvents;

  @Option(names = "--out", defaultValue = "bench.json", paramLabel = "FILE", description = "JSON results. Default: ${DEFAULT-VALUE}.")
  Path out;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private final PrintStream log = System.out;

  @Override
  public Integer call() throws Exception {
    checkOverrides();
    requireModel();
    OutputFile json = OutputFile.prepare("--out", out);
    BenchEvents sample = new BenchEvents(loadSample());
    List<ReplayEvent> load = sample.take(events, System.currentTimeMillis() - 60_000);
    log.printf("bench: %,d events of the bundled real sample (%,d events)%s%n", events, sample.sampleSize(),
        sample.loops(events) > 1 ? ", looped " + sample.loops(events) + "x; loops after the first have fresh event ids and later times" : ", its latest " + events);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("events", events);
    result.put("scoringIntervalMs", scoringIntervalMs);
    result.put("eventsSource", "bundled real sample (Online Retail II + REES46), " + sample.loops(events) + " loop(s)");
    BenchPipelineRun.Result pipeline;
    log.println("bench: starting the in-process broker and schema registry...");
    // a temporary state directory is deleted after the app, registry and broker are closed (closed last)
    try (StateDirectory state = StateDirectory.fromOverrides(overrides, "ppscore-bench-state");
        EmbeddedKafka kafka = EmbeddedKafka.start(0);
        EmbeddedSchemaRegistry registryServer = EmbeddedSchemaRegistry.start(0)) {
      AppConfig config = new AppConfig(instanceSettings(kafka.bootstrapServers(), registryServer.url(), state.path()));
      InProcessTopics.create(kafka, config, 3);
      SchemaRegistry registry = StreamsProperties.registryClient(config);
      pipeline = new BenchPipelineRun(config, registry, log).run(load, sample, pacedSeconds);
      result.put("pipeline", pipeline.toJson());
      log.println("bench: (a) plain consumer decoding the three topics...");
      Baselines.Rate plain = Baselines.plainConsumer(kafka.bootstrapServers(), Topics.from(config, registry),
          List.of(config.clicksTopic(), config.cartsTopic(), config.ordersTopic()), pipeline.eventsSent());
      result.put("plainConsumer", Map.of("events", plain.count(), "seconds", plain.seconds(), "eventsPerSecond", plain.perSecond()));
      baselines(result, pipeline, plain, load, config);
    }
    result.put("machine", machine());
    json.write(w -> new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(w, result));
    log.println("bench: results written to " + json.path());
    return 0;
  }

  /**
   * Checks each {@code --set} names a setting that exists, with a valid value, as the demo does.
   *
   * @throws picocli.CommandLine.ParameterException (a usage error, exit code 2) naming the setting
   */
  private void checkOverrides() {
    UsageErrors.check(spec.commandLine(), () -> {
      ConfigKeys.check(overrides, "--set");
      StreamsProtocolThreads.requireQueryable(new AppConfig(overrides));
    });
  }

  /** The model directory the measured instance runs with: {@code --set model.dir} over {@code --model-dir}. */
  String effectiveModelDir() {
    return overrides.getOrDefault(AppConfig.MODEL_DIR_CONFIG, modelDir);
  }

  /**
   * Checks before anything starts that the model directory holds a model: the bench measures scoring, and its
   * per-record baseline loads the model after the pipeline run (a bad directory used to fail only after the
   * broker, the registry and the pipeline run, or, when empty, after minutes).
   *
   * @throws picocli.CommandLine.ParameterException (a usage error, exit code 2) naming the directory
   */
  private void requireModel() {
    String dir = effectiveModelDir();
    if (dir.isBlank()) {
      throw UsageErrors.badValue(spec.commandLine(), "bench measures scoring: it needs a model (--model-dir DIR, "
          + "default models)");
    }
    UsageErrors.check(spec.commandLine(),
        () -> ScoringComponents.requireModel(new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir))));
  }

  /** The measured instance's settings: the in-process broker, registry and state, then {@code --set}. */
  Map<String, Object> instanceSettings(String bootstrapServers, String registryUrl, Path stateDir) {
    Map<String, Object> settings = new java.util.HashMap<>(Map.of(
        AppConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AppConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl,
        AppConfig.STATE_DIR_CONFIG, stateDir.toString(),
        AppConfig.HTTP_PORT_CONFIG, 0,
        AppConfig.APPLICATION_ID_CONFIG, "ppscore-bench",
        AppConfig.MODEL_DIR_CONFIG, modelDir,
        AppConfig.INFERENCE_DEVICE_CONFIG, device.toString(),
        AppConfig.SCORING_INTERVAL_MS_CONFIG, scoringIntervalMs,
        // an in-process run on loopback: the API is only used by the bench itself
        AppConfig.HTTP_HOST_CONFIG, "127.0.0.1",
        AppConfig.HTTP_AUTH_ENABLED_CONFIG, false));
    settings.put(AppConfig.HTTP_MANAGEMENT_PORT_CONFIG, -1); // no probes to serve; never a fixed port beside a demo
    // The scores measured are those events trigger: refreshes of stale scores would count in scores out and
    // in the visibility probe, and with a short refresh age they would (--set can still turn them on).
    settings.put(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, 0L);
    settings.putAll(overrides);
    return settings;
  }

  private void baselines(Map<String, Object> result, BenchPipelineRun.Result pipeline, Baselines.Rate plain,
      List<ReplayEvent> load, AppConfig config) throws Exception {
    int pipelineThreads = config.inferenceThreads();
    // the pipeline's device and text length (a raw encoder cutting texts elsewhere would do other work);
    // threads and batch sizes are what the baselines vary
    try (ScoringModel model = ScoringModel.load(Path.of(effectiveModelDir()))) {
      EncoderOptions options = EncoderOptions.defaults().withDevice(config.inferenceDevice())
          .withMaxSequenceLength(config.inferenceMaxSequenceLength(model.manifest().maxSequenceLength()));
      // the encoder the pipeline ran (for a model without text features, the default one it embeds profiles with)
      EncoderModel encoder = pipeline.encoderId().map(EncoderModel::forId).orElse(null);
      RawEncoderBest raw = encoder == null ? RawEncoderBest.NONE : rawEncoderBest(result, encoder, options,
          Baselines.distinctTexts(load, encoderTexts), pipelineThreads);
      int m = Math.min(perRecordEvents, load.size());
      log.printf("bench: (c) per-record scoring of %,d events (one encoder call + one model call each, no cache)...%n", m);
      Baselines.Rate perRecord = Baselines.perRecord(encoder, options, model, load.subList(0, m));
      result.put("perRecord", Map.of("events", perRecord.count(), "seconds", perRecord.seconds(),
          "eventsPerSecond", perRecord.perSecond()));
      Map<String, Object> ratios = ratios(pipeline, plain, raw, perRecord);
      result.put("ratios", ratios);
      printTable(pipeline, plain, raw, perRecord, ratios);
    }
  }

  /** The raw encoder's best texts/s (with ONNX Runtime's threads or the pipeline's) and at the pipeline's threads. */
  record RawEncoderBest(double best, int bestBatch, double atPipelineThreads) {
    static final RawEncoderBest NONE = new RawEncoderBest(Double.NaN, 0, Double.NaN);

    boolean measured() {
      return bestBatch > 0;
    }
  }

  private RawEncoderBest rawEncoderBest(Map<String, Object> result, EncoderModel encoder, EncoderOptions options,
      List<String> texts, int pipelineThreads) throws Exception {
    // The raw encoder with ONNX Runtime's own thread choice (one per core), then with the pipeline's
    // inference.threads: the best of both is "the raw encoder at its best"; the second is like for like.
    Map<String, Object> raw = rawEncoder(encoder, options, texts, "ONNX Runtime's thread choice");
    Map<String, Object> rawAtPipelineThreads = rawEncoder(encoder, options.withIntraOpThreads(pipelineThreads), texts,
        pipelineThreads + " intra-op thread(s), as the pipeline");
    result.put("rawEncoder", raw);
    result.put("rawEncoderAtPipelineThreads", rawAtPipelineThreads);
    double ownBest = (double) raw.get("bestTextsPerSecond");
    double likeBest = (double) rawAtPipelineThreads.get("bestTextsPerSecond");
    int bestBatch = (int) (ownBest >= likeBest ? raw : rawAtPipelineThreads).get("bestBatch");
    return new RawEncoderBest(Math.max(ownBest, likeBest), bestBatch, likeBest);
  }

  /** The ratios to the baselines; without an encoder in the pipeline there is no (b) and no ratio b. */
  static Map<String, Object> ratios(BenchPipelineRun.Result pipeline, Baselines.Rate plain, RawEncoderBest raw,
      Baselines.Rate perRecord) {
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("a_pipelineInOverPlainConsumer", pipeline.eventsInPerSecond() / plain.perSecond());
    if (pipeline.encoder().isPresent() && raw.measured()) {
      ratios.put("b_pipelineEmbeddingOverRawEncoderBest", pipeline.modelTextsPerSecond() / raw.best());
      ratios.put("b_atPipelineThreads", pipeline.modelTextsPerSecond() / raw.atPipelineThreads());
    }
    ratios.put("c_pipelineInOverPerRecord", pipeline.eventsInPerSecond() / perRecord.perSecond());
    // The baselines are warmed too (one call first; the plain consumer runs after the pipeline in the same
    // JVM), so a and c use the pipeline's rate after its warm-up; from its first event, for comparison:
    Object maxRate = pipeline.toJson().get("maxRate");
    Object cold = maxRate instanceof Map<?, ?> map ? map.get("eventsInPerSecondFromFirstEvent") : null;
    if (cold instanceof Double fromFirst) {
      ratios.put("a_fromFirstEvent", fromFirst / plain.perSecond());
      ratios.put("c_fromFirstEvent", fromFirst / perRecord.perSecond());
    }
    return ratios;
  }

  private Map<String, Object> rawEncoder(EncoderModel encoder, EncoderOptions options, List<String> texts, String what)
      throws Exception {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("threads", what);
    double best = 0;
    int bestBatch = 0;
    for (int batch : List.of(8, 32, 128)) {
      log.printf("bench: (b) raw encoder, %s, %,d distinct texts in batches of %d...%n", what, texts.size(), batch);
      double rate = Baselines.rawEncoder(encoder, options, texts, batch).perSecond();
      raw.put("batch" + batch + "TextsPerSecond", rate);
      if (rate > best) {
        best = rate;
        bestBatch = batch;
      }
    }
    raw.put("bestBatch", bestBatch);
    raw.put("bestTextsPerSecond", best);
    return raw;
  }

  private void printTable(BenchPipelineRun.Result p, Baselines.Rate plain, RawEncoderBest raw,
      Baselines.Rate perRecord, Map<String, Object> ratios) {
    log.println();
    log.println("| measure | value |");
    log.println("|---|---|");
    row("events in (max rate after the first " + Math.round(BenchPipelineRun.WARM_UP_SHARE * 100) + " %, events/s)", "%,.0f",
        p.eventsInPerSecond());
    row("scores out (scores/s)", "%,.1f", p.scoresPerSecond());
    row("latency p50/p95/p99 under max load (ms)", "%s", p.maxLoadLatency());
    row("paced rate (events/s, 50% of max)", "%,.0f", p.pacedRate());
    row("latency p50/p95/p99 at 50% of max (ms)", "%s", p.pacedLatency());
    row("  same, send to visible at a read_committed consumer (ms, per paced event)", "%s", p.pacedVisibleLatency());
    row("embed batch size (mean / max texts)", "%s", p.embedBatch());
    row("text encoder", "%s", p.encoderId().orElse(ABSENT));
    row("encoder model runs (runs / mean texts per run / padding share)", "%s",
        p.encoder().map(BenchEncoderFigures::runsLine).orElse(ABSENT));
    row("score batch size (mean / max rows)", "%s", p.scoreBatch());
    row("embedding cache hit rate", "%.1f %%", 100 * p.cacheHitRate());
    row("provider", "%s", p.encoder().map(BenchEncoderFigures::provider).orElse(ABSENT));
    row("peak heap / peak RSS (MiB)", "%s", String.format(Locale.ROOT, "%,d / %,d", p.peakHeapBytes() >> 20, p.peakRssBytes() >> 20));
    row("(a) plain consumer (events/s)", "%,.0f", plain.perSecond());
    row("(b) raw encoder best (texts/s" + (raw.measured() ? ", batch " + raw.bestBatch() : "") + ")", "%s",
        figure("%,.1f", raw.measured() ? raw.best() : null));
    row("(b) in-pipeline encoder (texts/s of embed time)", "%s",
        figure("%,.1f", p.encoder().map(BenchEncoderFigures::textsPerSecond).orElse(null)));
    row("(c) per-record scoring (events/s)", "%,.1f", perRecord.perSecond());
    row("ratio a = pipeline in / plain consumer (target >= 0.5)", "%.4f", (double) ratios.get("a_pipelineInOverPlainConsumer"));
    row("ratio b = in-pipeline / raw encoder (target >= 0.8)", "%s",
        figure("%.2f", ratios.get("b_pipelineEmbeddingOverRawEncoderBest")));
    row("ratio b against the raw encoder at the pipeline's threads", "%s", figure("%.2f", ratios.get("b_atPipelineThreads")));
    row("ratio c = pipeline / per-record (target >= 10)", "%.1f", (double) ratios.get("c_pipelineInOverPerRecord"));
    log.println();
  }

  /** What the table prints for a figure not measured (no text encoder in the pipeline). */
  static final String ABSENT = "-";

  /** {@code value} formatted, or {@link #ABSENT} when null. */
  static String figure(String format, Object value) {
    return value == null ? ABSENT : String.format(Locale.ROOT, format, value);
  }

  private void row(String name, String format, Object value) {
    log.println("| " + name + " | " + String.format(Locale.ROOT, format, value) + " |");
  }

  private static List<ReplayEvent> loadSample() {
    TrainingPipeline pipeline = new TrainingPipeline(new PrintStream(java.io.OutputStream.nullOutputStream()));
    List<ReplayEvent> all = new ArrayList<>();
    for (DatasetFormat format : DatasetFormat.values()) {
      all.addAll(pipeline.load(format.reader(), format.bundledSample()));
    }
    return all;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return m;
  }
}
