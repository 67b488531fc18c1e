package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.metrics.AppMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The body of {@code GET /v1/info} as {@link PpscoreApp} builds it. */
class InfoEndpointTest {

  @TempDir
  Path stateDir;

  @Test
  void shouldShowTheTextEncoderAndTheProviderItRunsOn() {
    // Given scoring with an encoder that auto put on CPU
    InferenceInfo inference = new InferenceInfo("all-minilm-l6-v2", "auto", "CPU",
        "CUDA execution provider unavailable: no NVIDIA driver loaded", 1, 32, 128);

    try (KafkaStreams streams = io.ppscore.query.StoppedStreams.create("info-test", stateDir)) {
      // When /v1/info is answered
      Map<String, Object> info = PpscoreApp.info(new AppConfig(Map.of()), streams, AppMetrics.prometheus(), 0,
          () -> false, Optional.of(inference)).get();

      // Then it holds the encoder, the provider and why auto fell back (before, only the metric had them)
      assertThat(info).containsKey("pipeline").containsEntry("inference", inference.toJson());
      assertThat(inference.toJson()).containsEntry("encoderId", "all-minilm-l6-v2").containsEntry("provider", "CPU")
          .containsEntry("fallbackReason", "CUDA execution provider unavailable: no NVIDIA driver loaded");
    }
  }

  @Test
  void shouldLeaveTheEncoderOutWhenScoringIsDisabled() {
    try (KafkaStreams streams = io.ppscore.query.StoppedStreams.create("info-test", stateDir)) {
      Map<String, Object> info = PpscoreApp.info(new AppConfig(Map.of()), streams, AppMetrics.prometheus(), 0,
          () -> false, Optional.empty()).get();

      assertThat(info).doesNotContainKey("inference").containsKey("pipeline");
    }
  }
}
