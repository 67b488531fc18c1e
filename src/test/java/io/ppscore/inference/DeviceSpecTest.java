package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceSpecTest {

  @ParameterizedTest
  @CsvSource({
      "auto, AUTO, 0, auto",
      "cpu, CPU, 0, cpu",
      "cuda, CUDA, 0, cuda:0",
      "cuda:0, CUDA, 0, cuda:0",
      "cuda:3, CUDA, 3, cuda:3",
      "' CUDA:1 ', CUDA, 1, cuda:1",
      "Auto, AUTO, 0, auto"})
  void shouldParseEachAcceptedSpelling(String value, DeviceSpec.Kind kind, int deviceId, String canonical) {
    DeviceSpec spec = DeviceSpec.parse(value);

    assertThat(spec.kind()).isEqualTo(kind);
    assertThat(spec.cudaDeviceId()).isEqualTo(deviceId);
    assertThat(spec).hasToString(canonical).isEqualTo(DeviceSpec.parse(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "gpu", "cuda:", "cuda:-1", "cuda:x", "cuda:1:2", "cuda:99999999999", "cpu:0"})
  void shouldRejectAnythingElseNamingTheConfigKey(String value) {
    assertThatThrownBy(() -> DeviceSpec.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inference.device")
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cuda:\u0663", "cuda:\uff11", "cuda:1\u0660", "cuda:\u0967"})
  void shouldRejectADeviceNumberWrittenInNonAsciiDigits(String value) {
    // Given Arabic-Indic, fullwidth and Devanagari digits, which Character.isDigit and Integer.parseInt accept
    // When parsed, then refused like any other bad value (before, 'cuda:\u0663' parsed as cuda:3)
    assertThatThrownBy(() -> DeviceSpec.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inference.device");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, -7})
  void shouldRejectANegativeCudaDevice(int deviceId) {
    assertThatThrownBy(() -> DeviceSpec.cuda(deviceId))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
