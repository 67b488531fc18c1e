package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.ppscore.LoggedWarnings;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which failure a session that cannot be opened is reported as: the CUDA provider's or the model's. A GPU
 * host is simulated by a CUDA provider step that succeeds (adds nothing) or that makes only the session with
 * it fail (CPU fallback inside the session disabled, as a device that cannot take the graph would).
 */
class ExecutionProviderFailureTest {

  private static final EncoderModel MODEL = EncoderModel.MINILM_L6_V2_INT8;
  private static final byte[] CORRUPT_MODEL = {1, 2, 3};
  private static final EncoderOptions AUTO = EncoderOptions.defaults().withDevice(DeviceSpec.auto()).withIntraOpThreads(1);
  private static final ExecutionProviders.Probe NO_PROBE = session -> { };
  private static final ExecutionProviders CUDA_LOADS = new ExecutionProviders((options, deviceId) -> { });
  private static final ExecutionProviders CUDA_SESSION_FAILS = new ExecutionProviders((options, deviceId) ->
      options.addConfigEntry("session.disable_cpu_ep_fallback", "1"));

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  @RegisterExtension
  final LoggedWarnings warnings = new LoggedWarnings("io.ppscore.inference");

  @Test
  void shouldReportACorruptModelAsTheModelsErrorNotCudaWhenCudaIsRequired() {
    // Given a host where the CUDA provider loads, when a corrupt model is opened on cuda:0
    assertThatThrownBy(() -> CUDA_LOADS.open(env, CORRUPT_MODEL, "corrupt", DeviceSpec.cuda(0), 1, NO_PROBE))
        // then ONNX Runtime's model error is reported, not "CUDA execution provider unavailable"
        .isInstanceOf(OrtException.class)
        .hasMessageContaining("protobuf parsing failed");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldReportACorruptModelAsTheModelsErrorWithoutAFallbackWarningWhenAuto() {
    // Given a host where the CUDA provider loads, when a corrupt model is opened with auto
    assertThatThrownBy(() -> CUDA_LOADS.open(env, CORRUPT_MODEL, "corrupt", DeviceSpec.auto(), 1, NO_PROBE))
        // then the CPU retry's model error is reported, and no CUDA fallback is announced before it
        .isInstanceOf(OrtException.class)
        .hasMessageContaining("protobuf parsing failed");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldReportACorruptModelWithoutAFallbackWarningWhereCudaIsMissing() {
    assumeFalse(CudaDiagnostics.cudaLooksUsable(), "CUDA is usable here");

    // Given this host's real CUDA provider, which cannot load, when a corrupt model is opened with auto
    assertThatThrownBy(() -> ExecutionProviders.ONNX_RUNTIME.open(env, CORRUPT_MODEL, "corrupt", DeviceSpec.auto(), 1, NO_PROBE))
        // then the model error is reported, the CUDA one kept as suppressed, and nothing warns of a fallback
        .isInstanceOf(OrtException.class)
        .hasMessageContaining("protobuf parsing failed")
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(CudaUnavailableException.class));
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldFailFastAsCudaUnavailableWhenOnlyTheCudaSessionCannotBeCreated() {
    // Given a valid model whose session cannot be created with the CUDA provider, when it is opened on cuda:0
    assertThatThrownBy(() -> CUDA_SESSION_FAILS.open(env, model(), MODEL.id(), DeviceSpec.cuda(0), 1, NO_PROBE))
        // then that is CUDA's failure: the model loads on CPU
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageStartingWith("CUDA execution provider unavailable: ")
        .hasMessageContaining("(device 0; the model loads on CPU)");
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldFallBackToCpuWhenOnlyTheCudaSessionCannotBeCreatedWithAuto() throws OrtException {
    // Given a valid model whose session cannot be created with the CUDA provider, when it is opened with auto
    OpenedSession opened = CUDA_SESSION_FAILS.open(env, model(), MODEL.id(), DeviceSpec.auto(), 1, NO_PROBE);

    // then it runs on CPU, with one warning naming the reason
    try (var session = opened.session()) {
      assertThat(opened.provider()).isEqualTo(ProviderInUse.CPU);
      assertThat(opened.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .startsWith("CUDA execution provider unavailable: ").contains("(device 0)"));
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("inference.device=auto", "falling back to CPU", MODEL.id()));
    }
  }

  @Test
  void shouldUseCpuWithOneWarningWithoutTryingCudaWhenAutoFindsACudaLibraryMissing() {
    // Given a host without libcublasLt.so.12, where adding the CUDA provider would print a native ERROR line
    AtomicInteger cudaAdds = new AtomicInteger();
    ExecutionProviders libraryMissing = new ExecutionProviders((options, deviceId) -> {
      cudaAdds.incrementAndGet();
      throw new OrtException("Failed to load shared library");
    }, () -> List.of("libcublasLt.so.12"));

    // When the encoder is opened with auto
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(MODEL, AUTO, libraryMissing)) {
      // Then CUDA is not tried, and the fallback is reported as any other: one WARN, the reason, the metric
      assertThat(cudaAdds).hasValue(0);
      assertThat(encoder.cudaAttempted()).isFalse();
      assertThat(encoder.providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(InferenceMetrics.forEncoder(MODEL.id()).providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(encoder.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .startsWith("CUDA execution provider unavailable: missing libcublasLt.so.12").contains("not tried (device 0)"));
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("inference.device=auto", "falling back to CPU", MODEL.id(), "missing libcublasLt.so.12"));
    }
  }

  @Test
  void shouldUseCpuWithOneWarningWithoutTryingCudaWhenAutoFindsNoDriverLoaded() {
    // Given a host with every CUDA library but no NVIDIA driver (/proc/driver/nvidia/version absent), where
    // creating the CUDA session would print ONNX Runtime's native error lines
    AtomicInteger cudaAdds = new AtomicInteger();
    ExecutionProviders noDriver = new ExecutionProviders((options, deviceId) -> cudaAdds.incrementAndGet(),
        List::of, () -> false);

    // When the encoder is opened with auto
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(MODEL, AUTO, noDriver)) {
      // Then CUDA is not tried (before, only a missing library kept it from being tried), with one WARN naming why
      assertThat(cudaAdds).hasValue(0);
      assertThat(encoder.cudaAttempted()).isFalse();
      assertThat(encoder.providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(encoder.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .startsWith("CUDA execution provider unavailable: no NVIDIA driver loaded").contains("not tried (device 0)"));
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("inference.device=auto", "falling back to CPU", MODEL.id(), "no NVIDIA driver loaded"));
    }
  }

  @Test
  void shouldTryCudaAndFailFastWhenCudaIsRequiredWithoutADriver() {
    // Given a host without a driver whose CUDA session cannot be created: cuda asks for CUDA, so it is tried
    AtomicInteger cudaAdds = new AtomicInteger();
    ExecutionProviders noDriver = new ExecutionProviders((options, deviceId) -> {
      cudaAdds.incrementAndGet();
      options.addConfigEntry("session.disable_cpu_ep_fallback", "1");
    }, List::of, () -> false);

    assertThatThrownBy(() -> noDriver.open(env, model(), MODEL.id(), DeviceSpec.cuda(0), 1, NO_PROBE))
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageContaining("(device 0; the model loads on CPU)");
    assertThat(cudaAdds).hasValue(1);
    assertThat(warnings.list()).isEmpty();
  }

  @Test
  void shouldStillTryCudaAndFallBackWithOneWarningWhenTheLibrariesArePresentButAddingTheProviderFails() {
    // Given a host whose CUDA libraries are all found, but where ONNX Runtime cannot add the provider
    AtomicInteger cudaAdds = new AtomicInteger();
    ExecutionProviders providerFails = new ExecutionProviders((options, deviceId) -> {
      cudaAdds.incrementAndGet();
      throw new OrtException("Failed to load shared library");
    }, List::of);

    // When the encoder is opened with auto
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(MODEL, AUTO, providerFails)) {
      // Then CUDA was tried, and its failure is the one WARN; the encoder runs on CPU
      assertThat(cudaAdds).hasValue(1);
      assertThat(encoder.cudaAttempted()).isTrue();
      assertThat(encoder.providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(InferenceMetrics.forEncoder(MODEL.id()).providerInUse()).isEqualTo(ProviderInUse.CPU);
      assertThat(encoder.fallbackReason()).hasValueSatisfying(reason -> assertThat(reason)
          .startsWith("CUDA execution provider unavailable: ").contains("onnxruntime: Failed to load shared library (device 0)"));
      assertThat(warnings.list()).singleElement().satisfies(warning -> assertThat(warning.getFormattedMessage())
          .contains("inference.device=auto", "falling back to CPU", MODEL.id()));
    }
  }

  @Test
  void shouldTryCudaAndFailFastWhenCudaIsRequiredEvenWithALibraryMissing() {
    // Given a host without a CUDA library: cuda asks for CUDA, so it is tried (and its own error reported)
    AtomicInteger cudaAdds = new AtomicInteger();
    ExecutionProviders libraryMissing = new ExecutionProviders((options, deviceId) -> {
      cudaAdds.incrementAndGet();
      throw new OrtException("Failed to load shared library");
    }, () -> List.of("libcublasLt.so.12"));

    assertThatThrownBy(() -> libraryMissing.open(env, model(), MODEL.id(), DeviceSpec.cuda(0), 1, NO_PROBE))
        .isInstanceOf(CudaUnavailableException.class)
        .hasMessageContaining("onnxruntime: Failed to load shared library (device 0)");
    assertThat(cudaAdds).hasValue(1);
    assertThat(warnings.list()).isEmpty();
  }

  private static byte[] model() {
    return ModelResources.read(MODEL.modelResource());
  }

}
