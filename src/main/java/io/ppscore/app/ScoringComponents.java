package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.inference.CachingTextEncoder;
import io.ppscore.inference.CoalescingTextEncoder;
import io.ppscore.inference.EmbeddingPrefetch;
import io.ppscore.inference.EmbeddingPrefetcher;
import io.ppscore.inference.EmbeddingSpace;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.inference.PersistedTextEncoder;
import io.ppscore.inference.TextEncoder;
import io.ppscore.model.ScoringModel;
import io.ppscore.topology.ScoringGate;
import io.ppscore.model.UserScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring model and its text encoder as configured by {@code model.dir} and {@code inference.*}, or
 * neither when {@code model.dir} is empty. A directory without a manifest, or a manifest that does not load,
 * fails start-up: the app refuses a mistyped path or a mismatched model rather than running without scores
 * unnoticed (while {@code /health/ready} answers 200).
 */
final class ScoringComponents implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringComponents.class);

  /**
   * The encoder opened for a model whose manifest names none (a model without text features may name one, and
   * then that one is opened): pending texts are still embedded into profiles.
   */
  static final EncoderModel DEFAULT_ENCODER = EncoderModel.MINILM_L6_V2;

  private final ScoringModel model;
  private final TextEncoder encoder;
  private final EmbeddingPrefetcher prefetcher;
  private final EmbeddingPrefetch prefetch;
  private final InferenceInfo inference;
  private final ScoringGate gate = new ScoringGate();
  private volatile boolean closed;

  private ScoringComponents(ScoringModel model, TextEncoder encoder, EmbeddingPrefetcher prefetcher,
      EmbeddingPrefetch prefetch, InferenceInfo inference) {
    this.model = model;
    this.encoder = encoder;
    this.prefetcher = prefetcher;
    this.prefetch = prefetch;
    this.inference = inference;
  }

  /** No scoring: the topology is built without a scorer. */
  static ScoringComponents disabled() {
    return new ScoringComponents(null, null, null, EmbeddingPrefetch.NONE, null);
  }

  /**
   * Loads the model of {@code model.dir} and opens its encoder; {@link #disabled()} when {@code model.dir} is empty.
   *
   * @throws ConfigException when {@code model.dir} holds no manifest (see {@link #requireModel})
   */
  static ScoringComponents load(AppConfig config) {
    return load(config, ScoringComponents::assemble);
  }

  /** What goes in front of the opened ONNX encoder (cache, then prefetch thread or coalescing); replaced in tests. */
  @FunctionalInterface
  interface Assembly {
    ScoringComponents assemble(ScoringModel model, OnnxTextEncoder onnx, int batchSize, AppConfig config);
  }

  /** {@link #load(AppConfig)} with the assembly given; whatever fails after a step closes what that step opened. */
  static ScoringComponents load(AppConfig config, Assembly assembly) {
    Optional<Path> dir = config.modelDir();
    if (dir.isEmpty()) {
      LOG.warn("scoring disabled: {} is empty", AppConfig.MODEL_DIR_CONFIG);
      return disabled();
    }
    requireModel(config);
    ScoringModel model = loadModel(dir.get());
    OnnxTextEncoder onnx = null;
    try {
      // the manifest's encoder, also for a model without text features (texts are still embedded into profiles)
      String named = model.manifest().encoderId();
      EncoderModel encoderModel = named == null ? DEFAULT_ENCODER : EncoderModel.forId(named);
      EncoderOptions options = encoderOptions(config, model.manifest().maxSequenceLength());
      if (model.manifest().textProjection() != null) {
        // a model without text features has no length to be skewed from
        sequenceLengthSkew(options.maxSequenceLength(), model.manifest().maxSequenceLength()).ifPresent(LOG::warn);
      }
      onnx = OnnxTextEncoder.open(encoderModel, options);
      LOG.info("scoring enabled: model {} from {}, encoder {} on {}{}", model.modelVersion(), dir.get().toAbsolutePath(),
          onnx.id(), onnx.providerInUse(), onnx.fallbackReason().map(r -> " (CPU fallback: " + r + ")").orElse(""));
      return assembly.assemble(model, onnx, options.batchSize(), config);
    } catch (RuntimeException | Error e) {
      // e.g. the prefetch thread cannot start (an OutOfMemoryError): the encoder's session and the model's go too
      io.ppscore.inference.NativeResources.closeAfterFailure(onnx, e);
      io.ppscore.inference.NativeResources.closeAfterFailure(model, e);
      throw e;
    }
  }

  /**
   * The encoder settings of {@code inference.*}; without {@code inference.max.sequence.length}, the length the
   * model was trained with ({@code modelsLength}).
   */
  static EncoderOptions encoderOptions(AppConfig config, int modelsLength) {
    return EncoderOptions.defaults().withDevice(config.inferenceDevice())
        .withIntraOpThreads(config.inferenceThreads())
        .withBatchSize(config.inferenceBatchSize())
        .withMaxSequenceLength(config.inferenceMaxSequenceLength(modelsLength));
  }

  /**
   * The warning to log when texts are cut to another length than the model was trained with ({@code trained},
   * the manifest's {@link io.ppscore.model.ModelManifest#maxSequenceLength()}).
   */
  static Optional<String> sequenceLengthSkew(int maxSequenceLength, int trained) {
    if (maxSequenceLength == trained) {
      return Optional.empty();
    }
    return Optional.of(AppConfig.INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG + "=" + maxSequenceLength
        + " but the model was trained on texts cut to " + trained + " tokens: texts longer than "
        + Math.min(maxSequenceLength, trained) + " tokens are embedded differently from training (train/serve skew),"
        + " so their users' scores may differ from what the model learnt");
  }

  private static ScoringComponents assemble(ScoringModel model, OnnxTextEncoder onnx, int batchSize,
      AppConfig config) {
    InferenceInfo inference = InferenceInfo.of(onnx);
    TextEncoder misses = behindMemoryCache(onnx, config);
    try {
      CachingTextEncoder cache = CachingTextEncoder.wrap(misses, config.embeddingCacheSize());
      LOG.info("embedding: cache of {} texts{}, {}", config.embeddingCacheSize(), persistedLevel(misses),
          config.embeddingPrefetch() ? "prefetch thread on"
              : config.embeddingCoalesce() ? "new texts coalesced across tasks" : "no prefetch");
      if (config.embeddingPrefetch()) {
        EmbeddingPrefetcher prefetcher = EmbeddingPrefetcher.start(cache, config.embeddingPrefetchQueueSize(), batchSize);
        return new ScoringComponents(model, cache, prefetcher, prefetcher, inference);
      }
      if (config.embeddingCoalesce()) {
        CoalescingTextEncoder coalescing = CoalescingTextEncoder.over(cache, config.embeddingPrefetchQueueSize(), batchSize);
        return new ScoringComponents(model, coalescing, null, coalescing, inference);
      }
      return new ScoringComponents(model, cache, null, EmbeddingPrefetch.NONE, inference);
    } catch (RuntimeException | Error e) {
      // the on-disk level's RocksDB handle too, not only the session the caller closes
      io.ppscore.inference.NativeResources.closeAfterFailure(misses, e);
      throw e;
    }
  }

  /**
   * What the in-memory cache sends its misses to: {@code onnx} itself, or with {@code embedding.cache.persist}
   * the on-disk level in front of it (which, if its directory cannot be opened, has logged why and only calls
   * {@code onnx}). Off, nothing is opened or created.
   */
  static TextEncoder behindMemoryCache(OnnxTextEncoder onnx, AppConfig config) {
    if (!config.embeddingCachePersist()) {
      return onnx;
    }
    return PersistedTextEncoder.open(onnx, () -> EmbeddingSpace.of(onnx), config.embeddingCachePersistRoot(),
        config.embeddingCachePersistMaxBytes());
  }

  /** The persisted level for the start-up log line; empty when it is off. */
  private static String persistedLevel(TextEncoder misses) {
    if (!(misses instanceof PersistedTextEncoder persisted)) {
      return "";
    }
    return persisted.active() ? " in memory, then on disk at " + persisted.dir()
        : " in memory only (the persisted cache at " + persisted.dir() + " could not be opened)";
  }

  /**
   * Fails unless {@code model.dir} is empty (scoring off on purpose) or holds a manifest: a mistyped path, or a
   * relative {@code models} looked up from another working directory, would otherwise run without scores.
   *
   * @throws ConfigException naming the key, the absolute path, how to set it and how to run without scoring
   */
  static void requireModel(AppConfig config) {
    Optional<Path> dir = config.modelDir();
    if (dir.isPresent() && !Files.isRegularFile(dir.get().resolve(ScoringModel.MANIFEST))) {
      Path absolute = dir.get().toAbsolutePath().normalize();
      throw new ConfigException(AppConfig.MODEL_DIR_CONFIG + "=" + dir.get() + ": no model at " + absolute
          + " (no " + ScoringModel.MANIFEST + " there" + (dir.get().isAbsolute() ? ""
              : "; a relative path is resolved from the working directory " + Path.of("").toAbsolutePath())
          + "). Set the directory that holds " + ScoringModel.MANIFEST + " (demo and bench: --model-dir DIR; "
          + "run: " + AppConfig.MODEL_DIR_CONFIG + " in the --config file, PPSCORE_MODEL_DIR or --set "
          + AppConfig.MODEL_DIR_CONFIG + "=DIR), or, for run and demo, set it empty to run without scoring "
          + "(--model-dir \"\", " + AppConfig.MODEL_DIR_CONFIG + "=)");
    }
  }

  /** Whether {@code model.dir} holds a manifest, i.e. whether {@link #load} will enable scoring (or fail). */
  static boolean configured(AppConfig config) {
    return config.modelDir().map(dir -> Files.isRegularFile(dir.resolve(ScoringModel.MANIFEST))).orElse(false);
  }

  private static ScoringModel loadModel(Path dir) {
    try {
      return ScoringModel.load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // any refusal, whatever its type, names the directory: it is the start-up error an operator reads
      throw new IllegalStateException("cannot load the model in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  boolean enabled() {
    return model != null;
  }

  Optional<UserScorer> scorer() {
    return Optional.ofNullable(model);
  }

  /** The encoder; null when scoring is disabled. */
  TextEncoder encoder() {
    return encoder;
  }

  /**
   * The id of the encoder opened: the one the model's manifest names, or {@link #DEFAULT_ENCODER}'s when it
   * names none (texts are still embedded into profiles); empty when scoring is disabled.
   */
  Optional<String> encoderId() {
    return Optional.ofNullable(encoder).map(TextEncoder::id);
  }

  /** Closed when the app starts closing: scoring runs still to come then score nobody. */
  ScoringGate gate() {
    return gate;
  }

  /** The encoder as {@code /v1/info} shows it; empty when scoring is disabled. */
  Optional<InferenceInfo> inference() {
    return Optional.ofNullable(inference);
  }

  /**
   * Where the topology hands new texts to embed ahead of scoring: the prefetch thread, the coalescing encoder,
   * or {@link EmbeddingPrefetch#NONE}.
   */
  EmbeddingPrefetch prefetch() {
    return prefetch;
  }

  /** The prefetcher, when {@code scoring.embedding.prefetch} is on and scoring enabled. */
  Optional<EmbeddingPrefetcher> prefetcher() {
    return Optional.ofNullable(prefetcher);
  }

  /**
   * Stops the embedding prefetch thread (waiting for its current batch). Safe while the stream threads
   * still run: they then embed every text themselves. Idempotent.
   */
  void stopPrefetch() {
    if (prefetcher != null) {
      prefetcher.close();
    }
  }

  /**
   * Whether scoring can serve: true from construction (the model and encoder are loaded, or scoring is
   * disabled) until {@link #close()}; part of {@code /health/ready}.
   */
  boolean ready() {
    return !closed;
  }

  /** Stops the prefetch thread, then closes the encoder and the model; call after Kafka Streams has stopped using them. */
  @Override
  public void close() {
    closed = true;
    stopPrefetch();
    if (encoder != null) {
      encoder.close();
    }
    if (model != null) {
      model.close();
    }
  }
}
