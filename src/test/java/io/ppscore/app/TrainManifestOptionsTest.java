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
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), EncoderModel.BGE_SMALL_ZH_V15, 128))
        .containsEntry(ModelManifest.ENCODER_REVISION_OPTION, 2);
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), EncoderModel.MINILM_L6_V2, 128))
        .containsEntry(ModelManifest.ENCODER_REVISION_OPTION, 1);
  }

  @Test
  void shouldRecordTheMaxSequenceLengthTheTextFeaturesWereComputedWith() {
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), EncoderModel.BGE_SMALL_ZH_V15, 256))
        .containsEntry(ModelManifest.MAX_SEQUENCE_LENGTH_OPTION, 256);
  }

  @Test
  void shouldRefuseAMaxSequenceLengthTheEncoderCannotRunAsAUsageErrorBeforeAnyWork() {
    for (String command : java.util.List.of("train", "evaluate")) {
      var cli = Main.commandLine();
      java.io.StringWriter err = new java.io.StringWriter();
      cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
      cli.setErr(new java.io.PrintWriter(err));

      int exit = cli.execute(command, "--input", "no-such-file.csv", "--out", "unused", "--max-sequence-length", "600");

      assertThat(exit).as(command).isEqualTo(2);
      assertThat(err.toString()).as(command).contains("--max-sequence-length", "600 is outside 8..512 tokens")
          .contains("see ppscore " + command + " --help");
    }
  }

  @Test
  void shouldRecordNoRevisionForAModelWithoutTextFeatures() {
    assertThat(TrainCommand.manifestOptions(TrainingOptions.defaults(), null, 128))
        .doesNotContainKey(ModelManifest.ENCODER_REVISION_OPTION)
        .doesNotContainKey(ModelManifest.MAX_SEQUENCE_LENGTH_OPTION);
  }
}
