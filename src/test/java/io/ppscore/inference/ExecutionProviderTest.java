package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ppscore.LoggedWarnings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Device choice on a machine without a usable GPU (CUDA 12 libraries or driver missing): the CUDA cases
 * are skipped where CUDA works. Uses the small int8 model.
 */
class ExecutionProviderTest {

  private static final EncoderModel MODEL = EncoderModel.MINILM_L6_V2_INT8;

  @RegisterExtension
  final LoggedWarnings warnings = new LoggedWarnings("io.ppscore.inference");

  @Test
  void shouldRunOnCpuWithoutTryingCudaWhenTheDeviceIsCpu() {
    try (OnnxTextEncoder encoder = open(DeviceSpec.cpu())) {
      assertThat(encoder.providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(encoder.cudaAttempted()).isFalse();
      assertThat(encoder.fallbackReason()).isEmpty();
      assertThat(InferenceMetrics.forEncoder(MODEL.id()).providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(warnings.list()).isEmpty();
    }
  }

  @Test
  void shouldFallBackToCpuWithOneWarningNamingTheCauseWhenAutoFindsNoCuda() {
    assumeFalse(CudaDiagnostics.cudaLooksUsable(), "CUDA is usable here");

    try (OnnxTextEncoder encoder = open(DeviceSpec.auto())) {
      assertThat(encoder.providerInUse()).isEqualTo(ProviderInUse.CPU);
      // a missing library or driver is found before CUDA is tried (trying prints native ONNX Runtime ERROR lines)
      assertThat(encoder.cudaAttempted()).isFalse();
      assertThat(encoder.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .startsWith("CUDA execution provider unavailable: ").contains(expectedCause()));
      assertThat(InferenceMetrics.forEncoder(MODEL.id()).providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("inference.device=auto", expectedCause(), "falling back to CPU", MODEL.id()));
      EmbeddingAssertions.assertUnitRows(encoder.embed(List.of("red leather handbag")), 384);
    }
  }

  @Test
  void shouldFailFastNamingTheCauseWhenCudaIsRequiredButUnavailable() {
    assumeFalse(CudaDiagnostics.cudaLooksUsable(), "CUDA is usable here");

    assertThatThrownBy(() -> open(DeviceSpec.parse("cuda:0")))
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageStartingWith("CUDA execution provider unavailable: ")
        .hasMessageContaining(expectedCause())
        .hasMessageContaining("(device 0)");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldReportNoProviderAndRejectEmbeddingAfterClose() {
    OnnxTextEncoder encoder = open(DeviceSpec.cpu());

    encoder.close();
    encoder.close();

    assertThat(encoder.metrics().providerInUse()).isEqualTo(ProviderInUse.NONE);
    assertThatThrownBy(() -> encoder.embed(List.of("mug")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void shouldKeepDjlOfflineSoNothingIsDownloaded() {
    try (OnnxTextEncoder encoder = open(DeviceSpec.cpu())) {
      assertThat(ai.djl.util.Utils.isOfflineMode()).isTrue();
      assertThat(ai.djl.util.Utils.getEnvOrSystemProperty("RUST_FLAVOR")).isEqualTo("cpu");
    }
  }

  private static OnnxTextEncoder open(DeviceSpec device) {
    return OnnxTextEncoder.open(MODEL, EncoderOptions.defaults().withDevice(device).withIntraOpThreads(1));
  }

  /** The first missing library, or the driver when only that is missing. */
  private static String expectedCause() {
    List<String> missing = CudaDiagnostics.missingLibraries();
    return missing.isEmpty() ? "no NVIDIA driver loaded" : missing.get(0);
  }

}
