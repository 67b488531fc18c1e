package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncoderOptionsTest {

  @Test
  void shouldDefaultToAutoDevice128TokensAndBatchesOf32() {
    EncoderOptions defaults = EncoderOptions.defaults();

    assertThat(defaults.device()).isEqualTo(DeviceSpec.auto());
    assertThat(defaults.maxSequenceLength()).isEqualTo(128);
    assertThat(defaults.batchSize()).isEqualTo(32);
    assertThat(defaults.intraOpThreads()).isZero();
  }

  @Test
  void shouldReturnChangedCopiesLeavingTheOriginalAlone() {
    EncoderOptions changed = EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withMaxSequenceLength(64)
        .withBatchSize(128).withIntraOpThreads(2);

    assertThat(changed).hasToString(
        "EncoderOptions[device=cpu, maxSequenceLength=64, batchSize=128, intraOpThreads=2]");
    assertThat(EncoderOptions.defaults().batchSize()).isEqualTo(32);
  }

  @Test
  void shouldRejectOutOfRangeValuesWithMessages() {
    EncoderOptions options = EncoderOptions.defaults();

    assertThatThrownBy(() -> options.withBatchSize(0)).hasMessageContaining("batch size must be positive");
    assertThatThrownBy(() -> options.withMaxSequenceLength(1)).hasMessageContaining("between 2 and 512");
    assertThatThrownBy(() -> options.withMaxSequenceLength(513)).hasMessageContaining("between 2 and 512");
    assertThatThrownBy(() -> options.withIntraOpThreads(-1)).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> options.withDevice(null)).isInstanceOf(NullPointerException.class);
  }
}
