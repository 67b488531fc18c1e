package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddingSpaceTest {

  @Test
  void shouldNameTheDirectoryForEverythingThatChangesAVector() {
    EncoderOptions options = EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withIntraOpThreads(1);
    try (OnnxTextEncoder at128 = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2_INT8, options);
        OnnxTextEncoder at64 = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2_INT8, options.withMaxSequenceLength(64)
            .withBatchSize(7))) {
      EmbeddingSpace space = EmbeddingSpace.of(at128);

      assertThat(space.directoryName()).matches("all-minilm-l6-v2-q-seq128-cpu-v1-[0-9a-f]{8}");
      // the max sequence length is part of it; the batch size is not (it does not change a vector on CPU)
      assertThat(EmbeddingSpace.of(at64).directoryName())
          .isEqualTo(space.directoryName().replace("-seq128-", "-seq64-"));
    }
  }

  @Test
  void shouldFingerprintEachModelsFilesDifferentlyAndTheSameOneAlike() {
    assertThat(ModelFingerprint.of(EncoderModel.MINILM_L6_V2)).isEqualTo(ModelFingerprint.of(EncoderModel.MINILM_L6_V2))
        .isNotEqualTo(ModelFingerprint.of(EncoderModel.MINILM_L6_V2_INT8))
        .isNotEqualTo(ModelFingerprint.of(EncoderModel.BGE_SMALL_ZH_V15));
  }

  @Test
  void shouldFingerprintTheSameFilesReadByAnotherEncoderRevisionDifferently() {
    // BGE's revision 2 reads the same tokenizer file lower-casing: its vectors are not revision 1's
    EncoderModel bge = EncoderModel.BGE_SMALL_ZH_V15;
    assertThat(ModelFingerprint.of(bge.id(), bge.modelResource(), bge.tokenizerResource(), 1))
        .isNotEqualTo(ModelFingerprint.of(bge.id(), bge.modelResource(), bge.tokenizerResource(), 2))
        .isNotEqualTo(ModelFingerprint.of(bge));
  }

  @Test
  void shouldQualifyTheProfileSpaceByRevisionAndTextLengthKeepingTheBareIdForTheDefaults() {
    // the bare id at revision 1 and 128 tokens: profiles stored before the qualification stay valid
    assertThat(OnnxTextEncoder.profileSpace(EncoderModel.MINILM_L6_V2, 128)).isEqualTo("all-minilm-l6-v2");
    assertThat(OnnxTextEncoder.profileSpace(EncoderModel.MINILM_L6_V2, 64)).isEqualTo("all-minilm-l6-v2+seq64");
    // BGE's revision 2 lower-cases: its sums must not join those of revision 1, stored under the bare id
    assertThat(OnnxTextEncoder.profileSpace(EncoderModel.BGE_SMALL_ZH_V15, 128)).isEqualTo("bge-small-zh-v1.5+r2");
    assertThat(OnnxTextEncoder.profileSpace(EncoderModel.BGE_SMALL_ZH_V15, 256))
        .isEqualTo("bge-small-zh-v1.5+r2+seq256");
  }

  @Test
  void shouldRefuseNamePartsThatAreNotPlainLowerCaseDirectoryNames() {
    assertThatThrownBy(() -> new EmbeddingSpace("../up", 128, "cpu", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoder id");
    assertThatThrownBy(() -> new EmbeddingSpace("a", 128, "CUDA:0", "x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider");
    assertThatThrownBy(() -> new EmbeddingSpace("a", 0, "cpu", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
