package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.features.FeatureSpec;
import io.ppscore.model.ModelManifest;
import io.ppscore.model.ScoringModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelExporterTest {

  private static final TrainingOptions SMALL = new TrainingOptions(10, 2, 10, 10, 2, 10, 0.1, 0.8, 7L, 2);
  /** Jackson cannot serialise a bare Object: the manifest's write fails after the ONNX bytes are ready. */
  private static final Map<String, Object> UNWRITABLE_METRICS = Map.of("broken", new Object());

  private static Snapshot oldData;
  private static TrainedSpendModel oldModel;
  private static Snapshot newData;
  private static TrainedSpendModel newModel;

  @TempDir
  Path dir;

  @BeforeAll
  static void train() {
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, new PrintStream(OutputStream.nullOutputStream()));
    oldData = SyntheticSnapshots.of(300, 0, 1L);
    oldModel = trainer.train(List.of(oldData), FeatureSpec.numericOnly());
    newData = SyntheticSnapshots.of(300, 0, 2L);
    newModel = trainer.train(List.of(newData), FeatureSpec.numericOnly());
  }

  private static ModelManifest.TrainingInfo info() {
    return new ModelManifest.TrainingInfo("synthetic", "2010-01-01", "2011-01-01", List.of("2011-01-01"), 7L, Map.of());
  }

  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldLeaveTheOldPairUntouchedWhenWritingTheManifestFails() throws Exception {
    // Given a directory holding a working model
    ModelExporter.export(oldModel, oldData, dir, "old", info(), Map.of());
    byte[] oldOnnx = Files.readAllBytes(dir.resolve("model.onnx"));
    byte[] oldManifest = Files.readAllBytes(dir.resolve("manifest.json"));

    // When exporting another model fails while its manifest is written
    assertThatThrownBy(() -> ModelExporter.export(newModel, newData, dir, "new", info(), UNWRITABLE_METRICS))
        .isInstanceOf(IOException.class);

    // Then both files are the old ones, the pair still loads, and no temporary directory is left
    assertThat(Files.readAllBytes(dir.resolve("model.onnx"))).isEqualTo(oldOnnx);
    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(oldManifest);
    try (ScoringModel model = ScoringModel.load(dir)) {
      assertThat(model.manifest().modelVersion()).isEqualTo("old");
    }
    assertThat(files()).containsExactly("manifest.json", "model.onnx");
  }

  @Test
  void shouldWriteNeitherFileWhenTheFirstExportFails() {
    assertThatThrownBy(() -> ModelExporter.export(newModel, newData, dir, "new", info(), UNWRITABLE_METRICS))
        .isInstanceOf(IOException.class);

    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void shouldReplaceBothFilesWhenTheExportSucceeds() throws Exception {
    ModelExporter.export(oldModel, oldData, dir, "old", info(), Map.of());
    byte[] oldOnnx = Files.readAllBytes(dir.resolve("model.onnx"));

    ModelExporter.export(newModel, newData, dir, "new", info(), Map.of());

    assertThat(Files.readAllBytes(dir.resolve("model.onnx"))).isNotEqualTo(oldOnnx);
    try (ScoringModel model = ScoringModel.load(dir)) {
      assertThat(model.manifest().modelVersion()).isEqualTo("new");
    }
    assertThat(files()).containsExactly("manifest.json", "model.onnx");
  }

  @Test
  void shouldPutTheOldOnnxFileBackWhenTheManifestCannotBeMovedIntoPlace() throws Exception {
    // Given an old ONNX file, and a manifest path no file can be renamed onto (a non-empty directory)
    ModelExporter.export(oldModel, oldData, dir, "old", info(), Map.of());
    byte[] oldOnnx = Files.readAllBytes(dir.resolve("model.onnx"));
    Files.delete(dir.resolve("manifest.json"));
    Files.createDirectories(dir.resolve("manifest.json"));
    Files.writeString(dir.resolve("manifest.json/keep"), "x");

    // When the export reaches the second rename and fails there
    assertThatThrownBy(() -> ModelExporter.export(newModel, newData, dir, "new", info(), Map.of()))
        .isInstanceOf(IOException.class);

    // Then the ONNX file already moved is rolled back to the old one
    assertThat(Files.readAllBytes(dir.resolve("model.onnx"))).isEqualTo(oldOnnx);
    assertThat(files()).containsExactly("manifest.json", "model.onnx");
  }
}
