package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestWriteTest {

  @TempDir
  Path dir;

  @Test
  void shouldReplaceAnExistingManifestAndLeaveNoTemporaryFileBehind() throws IOException {
    // Given the committed manifest, and an older file in its place
    ModelManifest committed = ModelManifest.read(Path.of("models", ScoringModel.MANIFEST));
    Path file = dir.resolve(ScoringModel.MANIFEST);
    Files.writeString(file, "{\"modelVersion\": \"older\"}");

    // When
    committed.write(file);

    // Then the file holds the new manifest, and nothing else is left in the directory
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertThat(json.readTree(file.toFile())).isEqualTo(json.readTree(Path.of("models", ScoringModel.MANIFEST).toFile()));
    try (Stream<Path> entries = Files.list(dir)) {
      assertThat(entries).containsExactly(file);
    }
  }
}
