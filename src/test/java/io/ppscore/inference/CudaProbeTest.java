package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.ppscore.LoggedWarnings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code inference.device=auto} keeps a CUDA session only once a probe inference on it has run. No GPU
 * here: the CUDA provider step is simulated to succeed, and the probe made to fail as a CUDA failure
 * ONNX Runtime defers to the first run would.
 */
class CudaProbeTest {

  private static final EncoderModel MODEL = EncoderModel.MINILM_L6_V2_INT8;
  private static final ExecutionProviders CUDA_LOADS = new ExecutionProviders((options, deviceId) -> { });

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  @RegisterExtension
  final LoggedWarnings warnings = new LoggedWarnings("io.ppscore.inference");

  @Test
  void shouldKeepTheCudaSessionWhenItsProbeInferenceRuns() throws OrtException {
    List<OrtSession> probed = new ArrayList<>();

    OpenedSession opened = CUDA_LOADS.open(env, model(), MODEL.id(), DeviceSpec.auto(), 1, probed::add);

    try (OrtSession session = opened.session()) {
      assertThat(opened.provider()).isEqualTo(ProviderInUse.CUDA);
      assertThat(opened.fallbackReason()).isEmpty();
      assertThat(probed).containsExactly(session);
      assertThat(warnings.list()).isEmpty();
    }
  }

  @Test
  void shouldCloseTheCudaSessionAndFallBackToCpuWhenItsProbeInferenceFails() throws OrtException {
    // Given a CUDA session whose first run fails as with GPU memory taken by another process
    List<OrtSession> probed = new ArrayList<>();
    ExecutionProviders.Probe outOfMemory = session -> {
      probed.add(session);
      throw new OrtException("CUDA failure 2: out of memory");
    };

    // When the encoder's model is opened with auto
    OpenedSession opened = CUDA_LOADS.open(env, model(), MODEL.id(), DeviceSpec.auto(), 1, outOfMemory);

    // Then the probed session is closed and a CPU session is used, with the same one WARN as any fallback
    try (OrtSession session = opened.session()) {
      assertThat(probed).singleElement().isNotSameAs(session);
      assertThatThrownBy(probed.get(0)::getInputNames).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(opened.provider()).isEqualTo(ProviderInUse.CPU);
      assertThat(opened.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .startsWith("CUDA execution provider unavailable: ").contains("out of memory", "(device 0, probe inference)"));
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("inference.device=auto", "falling back to CPU", MODEL.id(), "out of memory"));
    }
  }

  @Test
  void shouldFailStartUpWithTheProbesCudaErrorWhenCudaIsAskedForAndItsProbeFails() {
    // Given a CUDA session whose first run fails as with GPU memory taken by another process
    List<OrtSession> probed = new ArrayList<>();
    ExecutionProviders.Probe outOfMemory = session -> {
      probed.add(session);
      throw new OrtException("CUDA failure 2: out of memory");
    };

    // When the encoder's model is opened with cuda:1, Then: no fallback but a CUDA error naming the probe,
    // and the probed session is closed
    assertThatThrownBy(() -> CUDA_LOADS.open(env, model(), MODEL.id(), DeviceSpec.cuda(1), 1, outOfMemory))
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageContaining("out of memory").hasMessageContaining("(device 1, probe inference)");
    assertThat(probed).singleElement().satisfies(session -> assertThatThrownBy(session::getInputNames)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldRunTheEncoderOnCpuAndReportCpuWhenItsRealProbeFailsOnTheCudaSession() {
    // Given a "CUDA" session that accepts only 1-token texts, so the encoder's own probe run fails
    ExecutionProviders oneTokenCuda =
        new ExecutionProviders((options, deviceId) -> options.setSymbolicDimensionValue("sequence_length", 1));

    // When the encoder is opened with auto
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(MODEL,
        EncoderOptions.defaults().withDevice(DeviceSpec.auto()).withIntraOpThreads(1), oneTokenCuda)) {

      // Then it runs on CPU, the provider metric says CPU, one WARN says why, and it embeds
      assertThat(encoder.providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(InferenceMetrics.forEncoder(MODEL.id()).providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(encoder.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .contains("invalid dimensions", "probe inference"));
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("falling back to CPU", "probe inference"));
      EmbeddingAssertions.assertUnitRows(encoder.embed(List.of("red leather handbag", "mug")), 384);
    }
  }

  private static byte[] model() {
    return ModelResources.read(MODEL.modelResource());
  }

}
