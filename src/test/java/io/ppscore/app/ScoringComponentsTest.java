package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringComponentsTest {

  @org.junit.jupiter.api.extension.RegisterExtension
  final io.ppscore.LoggedWarnings warnings = new io.ppscore.LoggedWarnings(ScoringComponents.class.getName());

  @TempDir
  Path dir;

  @Test
  void shouldFailStartUpNamingTheAbsolutePathWhenTheDirectoryHasNoManifest() {
    // Given a model.dir with a typo: a directory without manifest.json (here a relative path that does not exist)
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "modles"));

    // When scoring is loaded, then start-up fails naming the absolute path, how to set it and how to run
    // without scoring (before, it logged a WARN and ran without scores while /health/ready answered 200)
    assertThatThrownBy(() -> ScoringComponents.load(config))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("model.dir=modles: no model at " + Path.of("modles").toAbsolutePath())
        .hasMessageContaining("resolved from the working directory " + Path.of("").toAbsolutePath())
        .hasMessageContaining("--model-dir DIR")
        .hasMessageContaining("PPSCORE_MODEL_DIR")
        .hasMessageContaining("set it empty to run without scoring (--model-dir \"\", model.dir=)");
    assertThat(ScoringComponents.configured(config)).isFalse();
  }

  @Test
  void shouldFailStartUpWhenAnExistingDirectoryHasNoManifest() {
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir.toString()));

    assertThatThrownBy(() -> ScoringComponents.load(config))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining("no model at " + dir.toAbsolutePath() + " (no manifest.json there)")
        .hasMessageNotContaining("working directory");
  }

  @Test
  void shouldDisableScoringWhenModelDirIsEmpty() {
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, ""));

    assertThat(ScoringComponents.load(config).enabled()).isFalse();
    assertThat(ScoringComponents.configured(config)).isFalse();
  }

  @Test
  void shouldFailStartUpWithTheReasonWhenTheManifestDoesNotMatchItsModel() throws IOException {
    // Given the committed manifest next to an ONNX file from "another training"
    Files.copy(Path.of("models", "manifest.json"), dir.resolve("manifest.json"));
    Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir.toString()));

    assertThat(ScoringComponents.configured(config)).isTrue();
    assertThatThrownBy(() -> ScoringComponents.load(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot load the model in")
        .hasMessageContaining("does not match its manifest");
  }

  @Test
  void shouldFailStartUpNamingTheModelDirectoryWhenTheCalibrationTableIsBad() {
    // Given the committed model whose calibration table lacks its 100th percentile
    io.ppscore.model.CommittedModelCopy.into(dir, m -> ((com.fasterxml.jackson.databind.node.ArrayNode) m.get("calibration")).remove(100));
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir.toString(), AppConfig.INFERENCE_DEVICE_CONFIG, "cpu"));

    // When scoring is loaded, then start-up fails naming the directory, the manifest and the problem
    // (before, the IllegalArgumentException of the calibration escaped without the directory)
    assertThatThrownBy(() -> ScoringComponents.load(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot load the model in " + dir.toAbsolutePath())
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("calibration needs 101 percentiles");
  }

  @Test
  void shouldLoadTheCommittedModelWithItsEncoderOnCpu() {
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
        AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      assertThat(scoring.enabled()).isTrue();
      assertThat(scoring.scorer().orElseThrow().modelVersion()).startsWith(io.ppscore.training.SpendModelTrainer.MODEL_FAMILY);
      assertThat(scoring.encoder().id()).isEqualTo(scoring.scorer().orElseThrow().encoderId());
      assertThat(scoring.encoderId()).contains(scoring.scorer().orElseThrow().encoderId());
      // coalescing is on by default: the encoder is the coalescing one over the cache, and is the prefetch
      assertThat(scoring.encoder()).isInstanceOf(io.ppscore.inference.CoalescingTextEncoder.class);
      assertThat(scoring.prefetch()).isSameAs(scoring.encoder());
      assertThat(scoring.prefetcher()).isEmpty();
      assertThat(scoring.encoder().embed(java.util.List.of("red candle"))[0]).hasSize(scoring.encoder().dimension());
    }
  }

  @Test
  void shouldOpenTheEncoderTheManifestNamesForAModelWithoutTextFeatures() {
    // Given a model without text features whose manifest names the quantised MiniLM encoder
    int width = io.ppscore.features.FeatureSpec.numericOnly().names().size();
    io.ppscore.model.SmallGraphs.modelDir(dir, io.ppscore.model.SmallGraphs.meanOfFeatures(
        ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT, width, false), m -> {
          io.ppscore.model.SmallGraphs.numericOnly(m);
          m.put("encoderId", "all-minilm-l6-v2-q");
        });
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir.toString(), AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
        AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    // When scoring is loaded, then the text profiles are embedded with that encoder (before, the default one)
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      assertThat(scoring.scorer().orElseThrow().encoderId()).isNull();
      assertThat(scoring.encoderId()).contains("all-minilm-l6-v2-q");
    }
  }

  @Test
  void shouldStartThePrefetchThreadWhenOnAndStopItOnCloseBeforeTheEncoder() {
    // Given the committed model with the embedding prefetch on
    ScoringComponents scoring = ScoringComponents.load(new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models",
        AppConfig.INFERENCE_DEVICE_CONFIG, "cpu", AppConfig.SCORING_EMBEDDING_PREFETCH_CONFIG, true)));
    io.ppscore.inference.EmbeddingPrefetcher prefetcher = scoring.prefetcher().orElseThrow();
    assertThat(prefetcher.running()).isTrue();
    assertThat(scoring.prefetch()).isSameAs(prefetcher);

    // When a text is prefetched, then the scoring run's encoder finds it cached
    scoring.prefetch().request(java.util.List.of("red candle"));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> prefetcher.pending() == 0);
    io.ppscore.inference.CachingTextEncoder cache = (io.ppscore.inference.CachingTextEncoder) scoring.encoder();
    cache.embed(java.util.List.of("red candle"));
    assertThat(cache.prefetchHits()).isEqualTo(1);
    assertThat(cache.misses()).isZero();

    // And closing stops the thread (before the encoder, which then refuses work)
    scoring.close();
    assertThat(prefetcher.running()).isFalse();
    assertThatThrownBy(() -> cache.embed(java.util.List.of("blue candle"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldNeitherStartAPrefetchThreadNorCoalesceWhenBothAreOff() {
    try (ScoringComponents scoring = ScoringComponents.load(new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models",
        AppConfig.INFERENCE_DEVICE_CONFIG, "cpu", AppConfig.SCORING_EMBEDDING_PREFETCH_CONFIG, false,
        AppConfig.SCORING_EMBEDDING_COALESCE_CONFIG, false)))) {
      assertThat(scoring.prefetcher()).isEmpty();
      assertThat(scoring.prefetch()).isSameAs(io.ppscore.inference.EmbeddingPrefetch.NONE);
      assertThat(scoring.encoder()).isInstanceOf(io.ppscore.inference.CachingTextEncoder.class);
    }
    assertThat(ScoringComponents.disabled().prefetch()).isSameAs(io.ppscore.inference.EmbeddingPrefetch.NONE);
  }

  @Test
  void shouldCloseTheEncoderAndTheModelWhenAStepAfterOpeningTheEncoderFails() {
    // Given the committed model, and an assembly that fails as a prefetch thread that cannot start would
    java.util.concurrent.atomic.AtomicReference<io.ppscore.inference.OnnxTextEncoder> encoder =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<io.ppscore.model.ScoringModel> model =
        new java.util.concurrent.atomic.AtomicReference<>();
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu"));

    // When scoring is loaded, then the failure propagates ...
    assertThatThrownBy(() -> ScoringComponents.load(config, (m, onnx, batchSize, c) -> {
      model.set(m);
      encoder.set(onnx);
      throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
    })).isInstanceOf(OutOfMemoryError.class);

    // ... and both sessions were closed (before, the encoder leaked, and with an Error the model too)
    assertThatThrownBy(() -> encoder.get().embed(java.util.List.of("red candle")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    float[] row = model.get().referenceFeatures().orElseThrow();
    assertThatThrownBy(() -> model.get().predict(new float[][] {row}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void shouldBeReadyOnceLoadedAndNoLongerOnceClosed() {
    // Given the committed model, loaded (readiness is part of /health/ready)
    ScoringComponents scoring = ScoringComponents.load(new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models",
        AppConfig.INFERENCE_DEVICE_CONFIG, "cpu")));
    assertThat(scoring.ready()).isTrue();

    // When it is closed at shutdown, then it is no longer ready
    scoring.close();
    assertThat(scoring.ready()).isFalse();
  }

  @Test
  void shouldOpenTheEncoderWithTheConfiguredBatchSizeAndSequenceLengthAndWarnOnceOfTheSkew() {
    // Given the committed model (trained on texts cut to 128 tokens) served with 64-token texts, 16 a run
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
        AppConfig.INFERENCE_THREADS_CONFIG, 1, AppConfig.INFERENCE_BATCH_SIZE_CONFIG, 16,
        AppConfig.INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG, 64, AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    // When scoring is loaded
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      // Then the encoder runs with them (before, always 32 and 128), as /v1/info shows
      InferenceInfo inference = scoring.inference().orElseThrow();
      assertThat(inference.batchSize()).isEqualTo(16);
      assertThat(inference.maxSequenceLength()).isEqualTo(64);
      assertThat(inference.threads()).isEqualTo(1);
      // and one WARN names the key and the skew
      assertThat(warnings.list()).singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("inference.max.sequence.length=64",
              "trained on texts cut to 128 tokens", "texts longer than 64 tokens", "train/serve skew"));
    }
  }

  @Test
  void shouldNotWarnOfSkewAtTheTrainedSequenceLength() {
    assertThat(ScoringComponents.sequenceLengthSkew(128, 128)).isEmpty();
    assertThat(ScoringComponents.sequenceLengthSkew(256, 128)).hasValueSatisfying(w -> assertThat(w)
        .contains("inference.max.sequence.length=256", "texts longer than 128 tokens"));
  }

  @Test
  void shouldJudgeSkewAgainstTheLengthTheManifestRecords() {
    // Given the committed model as train --max-sequence-length 64 writes it, served at 64
    io.ppscore.model.CommittedModelCopy.into(dir, m -> ((com.fasterxml.jackson.databind.node.ObjectNode)
        m.get("training").get("options")).put(io.ppscore.model.ModelManifest.MAX_SEQUENCE_LENGTH_OPTION, 64));
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir.toString(),
        AppConfig.INFERENCE_DEVICE_CONFIG, "cpu", AppConfig.INFERENCE_THREADS_CONFIG, 1,
        AppConfig.INFERENCE_MAX_SEQUENCE_LENGTH_CONFIG, 64, AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    // When scoring is loaded, then no skew is warned of (it compared with 128 whatever the model) ...
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      assertThat(warnings.list()).isEmpty();
    }
    // ... and the default 128 is skew for it
    assertThat(ScoringComponents.sequenceLengthSkew(128, 64)).hasValueSatisfying(w -> assertThat(w)
        .contains("trained on texts cut to 64 tokens", "texts longer than 64 tokens"));
  }

  @Test
  void shouldEmbedAtTheManifestsLengthWhenInferenceMaxSequenceLengthIsNotSet() {
    // Given the committed model as train --max-sequence-length 64 writes it, and no inference.max.sequence.length
    io.ppscore.model.CommittedModelCopy.into(dir, m -> ((com.fasterxml.jackson.databind.node.ObjectNode)
        m.get("training").get("options")).put(io.ppscore.model.ModelManifest.MAX_SEQUENCE_LENGTH_OPTION, 64));
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, dir.toString(),
        AppConfig.INFERENCE_DEVICE_CONFIG, "cpu", AppConfig.INFERENCE_THREADS_CONFIG, 1,
        AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    // When scoring is loaded, then the encoder keeps 64 tokens (it kept the setting's default, 128: skewed)
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      assertThat(scoring.inference().orElseThrow().maxSequenceLength()).isEqualTo(64);
    }
  }

  @Test
  void shouldDescribeTheEncoderItOpenedForInfo() {
    // Given the committed model on cpu
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
        AppConfig.INFERENCE_THREADS_CONFIG, 1, AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    // When scoring is loaded, then /v1/info's inference object names the encoder, the provider and no fallback
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      assertThat(scoring.inference().orElseThrow().toJson()).containsExactly(
          Map.entry("encoderId", scoring.scorer().orElseThrow().encoderId()), Map.entry("device", "cpu"),
          Map.entry("provider", "CPU"), new java.util.AbstractMap.SimpleEntry<>("fallbackReason", null),
          Map.entry("threads", 1), Map.entry("batchSize", 32), Map.entry("maxSequenceLength", 128));
    }
    // and without a model there is nothing to describe
    assertThat(ScoringComponents.load(new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, ""))).inference()).isEmpty();
  }

  @Test
  void shouldShowWhyAutoFellBackToCpuForInfoOnAHostWithoutAnNvidiaDriver() {
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")),
        "an NVIDIA driver is loaded here");
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "auto",
        AppConfig.INFERENCE_THREADS_CONFIG, 1, AppConfig.EMBEDDING_CACHE_SIZE_CONFIG, 10));

    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      InferenceInfo inference = scoring.inference().orElseThrow();
      assertThat(inference.device()).isEqualTo("auto");
      assertThat(inference.provider()).isEqualTo("CPU");
      assertThat(inference.fallbackReason()).startsWith("CUDA execution provider unavailable: ")
          .contains("no NVIDIA driver loaded", "not tried (device 0)");
    }
  }

  @Test
  void shouldOpenNoDiskCacheAndCreateNoDirectoryByDefault() throws IOException {
    // Given the committed model and a state.dir, embedding.cache.persist not set
    Path state = Files.createDirectory(dir.resolve("state"));
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
        AppConfig.STATE_DIR_CONFIG, state.toString(), AppConfig.SCORING_EMBEDDING_COALESCE_CONFIG, false));

    // When scoring is loaded and embeds a text, then the memory cache sends its misses straight to the ONNX encoder
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      io.ppscore.inference.CachingTextEncoder cache = (io.ppscore.inference.CachingTextEncoder) scoring.encoder();
      cache.embed(java.util.List.of("red candle"));
      assertThat(cache.delegate()).isInstanceOf(io.ppscore.inference.OnnxTextEncoder.class);
    }
    // and nothing was created under state.dir
    try (java.util.stream.Stream<Path> entries = Files.list(state)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void shouldReadEmbeddingsFromDiskAfterARestartWhenPersistIsOn() {
    // Given the committed model with the disk cache on under a state.dir
    Path state = dir.resolve("state");
    AppConfig config = new AppConfig(Map.of(AppConfig.MODEL_DIR_CONFIG, "models", AppConfig.INFERENCE_DEVICE_CONFIG, "cpu",
        AppConfig.INFERENCE_THREADS_CONFIG, 1, AppConfig.STATE_DIR_CONFIG, state.toString(),
        AppConfig.SCORING_EMBEDDING_COALESCE_CONFIG, false, AppConfig.EMBEDDING_CACHE_PERSIST_CONFIG, true));
    float[] first;
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      first = scoring.encoder().embed(java.util.List.of("red candle"))[0];
    }

    // When the components are loaded again (a restart: the memory cache is empty; the close released the directory)
    try (ScoringComponents scoring = ScoringComponents.load(config)) {
      io.ppscore.inference.CachingTextEncoder cache = (io.ppscore.inference.CachingTextEncoder) scoring.encoder();
      float[] again = cache.embed(java.util.List.of("red candle"))[0];

      // Then the vector comes from disk, the same to the bit, in the encoder's own sub-directory of embedding-cache
      io.ppscore.inference.PersistedTextEncoder persisted = (io.ppscore.inference.PersistedTextEncoder) cache.delegate();
      assertThat(persisted.active()).isTrue();
      assertThat(persisted.hits()).isEqualTo(1);
      assertThat(persisted.misses()).isZero();
      assertThat(again).isEqualTo(first);
      assertThat(persisted.dir().getParent()).isEqualTo(state.resolve("embedding-cache").toAbsolutePath());
      assertThat(persisted.dir().getFileName().toString())
          .startsWith(scoring.encoderId().orElseThrow() + "-seq128-cpu-v1-");
    }
  }
}
