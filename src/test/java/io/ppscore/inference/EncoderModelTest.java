package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EncoderModelTest {

  @ParameterizedTest
  @EnumSource(EncoderModel.class)
  void shouldFindEveryModelByItsIdAndShipItsFilesOnTheClasspath(EncoderModel model) {
    assertThat(EncoderModel.forId(model.id())).isSameAs(model);
    ClassLoader loader = getClass().getClassLoader();
    assertThat(loader.getResource(model.modelResource())).as(model.modelResource()).isNotNull();
    assertThat(loader.getResource(model.tokenizerResource())).as(model.tokenizerResource()).isNotNull();
  }

  @Test
  void shouldRecordPoolingAndDimensionPerModelCard() {
    assertThat(EncoderModel.MINILM_L6_V2.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(EncoderModel.MINILM_L6_V2_INT8.pooling()).isEqualTo(Pooling.MEAN);
    assertThat(EncoderModel.BGE_SMALL_ZH_V15.pooling()).isEqualTo(Pooling.CLS);
    assertThat(EncoderModel.MINILM_L6_V2.dimension()).isEqualTo(384);
    assertThat(EncoderModel.MINILM_L6_V2_INT8.dimension()).isEqualTo(384);
    assertThat(EncoderModel.BGE_SMALL_ZH_V15.dimension()).isEqualTo(512);
  }

  @Test
  void shouldMarkOnlyTheDynamicallyQuantisedModelAsNotBatchInvariant() {
    assertThat(EncoderModel.MINILM_L6_V2.batchInvariant()).isTrue();
    assertThat(EncoderModel.MINILM_L6_V2_INT8.batchInvariant()).isFalse();
    assertThat(EncoderModel.BGE_SMALL_ZH_V15.batchInvariant()).isTrue();
  }

  @Test
  void shouldRejectAnUnknownIdListingTheKnownOnes() {
    assertThatThrownBy(() -> EncoderModel.forId("bert-base"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bert-base")
        .hasMessageContaining("all-minilm-l6-v2-q");
  }
}
