package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.inference.EncoderModel;
import io.ppscore.model.ModelManifest;
import io.ppscore.training.TrainingOptions;
import org.junit.jupiter.api.Test;

/** What {@code train} records of its encoder, which serving checks against the encoder it opens. */
class TrainManifestOptionsTest {

  @Test
  void shouldRecordTheEncodersRevisionSoAModelOfAnotherTokenizationIsRefusedAtLoad() {
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), EncoderModel.BGE_SMALL_ZH_V15))
        .containsEntry(ModelManifest.ENCODER_REVISION_OPTION, 2);
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), EncoderModel.MINILM_L6_V2))
        .containsEntry(ModelManifest.ENCODER_REVISION_OPTION, 1);
  }

  @Test
  void shouldRecordNoRevisionForAModelWithoutTextFeatures() {
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), null))
        .doesNotContainKey(ModelManifest.ENCODER_REVISION_OPTION);
  }
}
