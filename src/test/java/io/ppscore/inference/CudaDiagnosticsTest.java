package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CudaDiagnosticsTest {

  @Test
  void shouldNameMissingLibrariesAndAMissingDriver() {
    String explanation = CudaDiagnostics.explain("Failed to load shared library",
        List.of("libcublasLt.so.12", "libcudnn.so.9"), false);

    assertThat(explanation).isEqualTo("CUDA execution provider unavailable: missing libcublasLt.so.12, "
        + "libcudnn.so.9 (onnxruntime_gpu 1.23 needs CUDA 12.x and cuDNN 9 on LD_LIBRARY_PATH or in "
        + "ld.so.cache); no NVIDIA driver loaded (/proc/driver/nvidia/version and /dev/dxg absent); onnxruntime: "
        + "Failed to load shared library");
  }

  @Test
  void shouldTakeTheWslGpuDeviceForALoadedDriver() {
    // WSL 2 serves CUDA through /dev/dxg and has no /proc/driver/nvidia/version
    assertThat(CudaDiagnostics.driverLoaded(path -> path.toString().equals("/dev/dxg"))).isTrue();
    assertThat(CudaDiagnostics.driverLoaded(path -> path.toString().equals("/proc/driver/nvidia/version"))).isTrue();
    assertThat(CudaDiagnostics.driverLoaded(path -> false)).isFalse();
  }

  @Test
  void shouldSayCudaWasNotTriedWhenALibraryIsMissing() {
    assertThat(CudaDiagnostics.explainNotTried(List.of("libcudart.so.12"), true))
        .isEqualTo("CUDA execution provider unavailable: missing libcudart.so.12 (onnxruntime_gpu 1.23 needs CUDA "
            + "12.x and cuDNN 9 on LD_LIBRARY_PATH or in ld.so.cache); not tried");
  }

  @Test
  void shouldFallBackToOnnxRuntimesMessageWhenNothingLooksMissing() {
    assertThat(CudaDiagnostics.explain("CUDA failure 100: no CUDA-capable device is detected", List.of(), true))
        .isEqualTo("CUDA execution provider unavailable: CUDA libraries and driver look present; "
            + "onnxruntime: CUDA failure 100: no CUDA-capable device is detected");
  }

  @Test
  void shouldOnlyReportLibrariesFromTheRequiredList() {
    assertThat(CudaDiagnostics.REQUIRED_LIBRARIES).containsAll(CudaDiagnostics.missingLibraries());
  }
}
