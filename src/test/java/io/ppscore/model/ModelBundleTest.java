package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.features.FeatureVector;
import io.ppscore.training.ModelExporter;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SnapshotRow;
import io.ppscore.training.SpendModelTrainer;
import io.ppscore.training.SyntheticSnapshots;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.TrainingOptions;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

  private static final TrainingOptions SMALL = new TrainingOptions(30, 2, 10, 40, 3, 10, 0.1, 0.8, 7L, 2);
  /** The dimension of the encoder the manifest names (all-minilm-l6-v2): load refuses a projection of another. */
  private static final int TEXT_DIMENSION = 384;
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static Snapshot training;
  private static TrainedSpendModel model;

  @TempDir
  Path dir;

  @BeforeAll
  static void train() {
    training = SyntheticSnapshots.of(1000, TEXT_DIMENSION, 1L);
    SpendModelTrainer trainer = new SpendModelTrainer(SMALL, QUIET);
    model = trainer.train(List.of(training), trainer.textFeatureSpec(List.of(training), "all-minilm-l6-v2", TEXT_DIMENSION));
  }

  private static ModelManifest.TrainingInfo info() {
    return new ModelManifest.TrainingInfo("synthetic", "2010-01-01", "2011-01-01", List.of("2011-01-01"), 7L, Map.of());
  }

  @Test
  void shouldServeThroughOnnxRuntimeExactlyWhatTheTrainerPredicts() throws Exception {
    ModelExporter.export(model, training, dir, "test-1", info(), Map.of());
    try (ScoringModel served = ScoringModel.load(dir)) {
      List<SnapshotRow> rows = training.rows().subList(0, 200);
      float[][] x = rows.stream().map(r -> FeatureVector.assemble(served.featureSpec(), r.numeric(), r.boughtText(),
          r.browsedText())).toArray(float[][]::new);
      List<Prediction> predictions = served.predict(x);
      for (int i = 0; i < x.length; i++) {
        double expected90 = model.horizon(90).expectedSpend(x[i]);
        double expected30 = model.horizon(30).expectedSpend(x[i]);
        assertThat(predictions.get(i).spend90()).isCloseTo(expected90, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, expected90)));
        assertThat(predictions.get(i).spend30()).isCloseTo(expected30, org.assertj.core.data.Offset.offset(1e-5 * Math.max(1, expected30)));
        assertThat(predictions.get(i).purchaseProbability90()).isCloseTo(model.horizon(90).probability(x[i]),
            org.assertj.core.data.Offset.offset(1e-5));
        assertThat(predictions.get(i).score()).isBetween(0.0, 100.0);
      }
    }
  }

  @Test
  void shouldPredictEachUserIdenticallyAloneAndInAnyBatch() throws Exception {
    ModelExporter.export(model, training, dir, "test-1", info(), Map.of());
    try (ScoringModel served = ScoringModel.load(dir)) {
      float[][] x = training.rows().subList(0, 300).stream().map(r -> FeatureVector.assemble(served.featureSpec(),
          r.numeric(), r.boughtText(), r.browsedText())).toArray(float[][]::new);
      List<Prediction> together = served.predict(x);

      for (int i = 0; i < x.length; i += 7) {
        assertThat(served.predict(new float[][] {x[i]})).containsExactly(together.get(i));
      }
      assertThat(served.predict(java.util.Arrays.copyOfRange(x, 100, 250))).isEqualTo(together.subList(100, 250));
    }
  }

  @Test
  void shouldScoreAsAUserScorerWithTheManifestsVersionEncoderAndPredictions() throws Exception {
    ModelExporter.export(model, training, dir, "test-1", info(), Map.of());
    try (ScoringModel served = ScoringModel.load(dir)) {
      UserScorer scorer = served;
      float[][] x = training.rows().subList(0, 5).stream().map(r -> FeatureVector.assemble(scorer.featureSpec(),
          r.numeric(), r.boughtText(), r.browsedText())).toArray(float[][]::new);

      assertThat(scorer.score(x)).isEqualTo(served.predict(x));
      assertThat(scorer.modelVersion()).isEqualTo(served.manifest().modelVersion());
      assertThat(scorer.encoderId()).isEqualTo("all-minilm-l6-v2");
      assertThat(scorer.score(new float[0][])).isEmpty();
    }
  }

  @Test
  void shouldRefuseAModelFileThatIsNotTheOneItsManifestDescribes() throws Exception {
    ModelExporter.export(model, training, dir, "test-1", info(), Map.of());
    byte[] onnx = Files.readAllBytes(dir.resolve("model.onnx"));
    onnx[onnx.length - 1] ^= 1;
    Files.write(dir.resolve("model.onnx"), onnx);
    assertThatThrownBy(() -> ScoringModel.load(dir)).hasMessageContaining("does not match its manifest");
  }

  @Test
  void shouldRefuseAManifestWhoseFeaturesDifferFromWhatThisCodeComputes() throws Exception {
    ModelManifest m = ModelExporter.export(model, training, dir, "test-1", info(), Map.of());
    List<String> renamed = new java.util.ArrayList<>(m.featureNames());
    renamed.set(0, "days_since_something_else");
    new ModelManifest(m.modelVersion(), m.createdAt(), m.onnxFile(), m.onnxSha256(), renamed, m.encoderId(),
        m.textProjection(), m.horizons(), m.calibration(), m.scoreBands(), m.currency(), m.training(), m.metrics())
        .write(dir.resolve("manifest.json"));
    assertThatThrownBy(() -> ScoringModel.load(dir)).hasMessageContaining("first differ at position 0 "
        + "(model days_since_something_else, this version days_since_last_order)");
  }

  @Test
  void shouldExplainAMissingModelDirectory() {
    assertThatThrownBy(() -> ScoringModel.load(dir.resolve("nothing-here"))).hasMessageContaining("ppscore train");
  }
}
