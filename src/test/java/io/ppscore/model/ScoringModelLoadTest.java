package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ScoringModel#load} accepts and refuses, on hand-edited copies of the committed manifest. */
class ScoringModelLoadTest {

  @TempDir
  Path dir;

  @Test
  void shouldAcceptAModelWhoseManifestWritesItsHashInUpperCase() throws Exception {
    // Given the committed model with its SHA-256 written in upper-case hex
    CommittedModelCopy.into(dir, m -> m.put("onnxSha256", m.get("onnxSha256").asText().toUpperCase(Locale.ROOT)));

    // When it is loaded, then it serves like the committed one
    try (ScoringModel model = ScoringModel.load(dir)) {
      assertThat(model.predict(new float[][] {model.referenceFeatures().orElseThrow()})).hasSize(1);
    }
  }
}
