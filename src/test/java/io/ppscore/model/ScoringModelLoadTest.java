package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ScoringModel#load} accepts and refuses, on hand-edited copies of the committed manifest. */
class ScoringModelLoadTest {

  @TempDir
  Path dir;

  /** The sessions load opened, to see whether it closed them. */
  private final List<OrtSession> opened = new ArrayList<>();

  @Test
  void shouldAcceptAModelWhoseManifestWritesItsHashInUpperCase() throws Exception {
    // Given the committed model with its SHA-256 written in upper-case hex
    CommittedModelCopy.into(dir, m -> m.put("onnxSha256", m.get("onnxSha256").asText().toUpperCase(Locale.ROOT)));

    // When it is loaded, then it serves like the committed one
    try (ScoringModel model = ScoringModel.load(dir)) {
      assertThat(model.predict(new float[][] {model.referenceFeatures().orElseThrow()})).hasSize(1);
    }
  }

  @Test
  void shouldRefuseAManifestWithoutThe90DayHorizonThatScoringReads() {
    // Given a manifest listing only the 30-day horizon (whose outputs the graph has)
    CommittedModelCopy.into(dir, m -> ((ArrayNode) m.get("horizons")).remove(1));

    // When it is loaded, then the refusal names the file and the missing horizon, before any session is opened
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("no 90-day horizon");
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldRefuseAHorizonWithoutSmearingWhichWouldPredictASpendOfZeroForEveryone() {
    // Given a manifest whose 90-day horizon has lost its smearing factor (it read as 0.0)
    CommittedModelCopy.into(dir, m -> ((ObjectNode) m.get("horizons").get(1)).remove("smearing"));

    // When it is loaded, then it is refused naming the file, the horizon and the field, before any session is opened
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("the 90-day horizon's smearing must be a finite number above 0")
        .hasMessageContaining("got 0.0");
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldRefuseANegativeSmearingWhichWouldPredictNegativeSpend() {
    // Given a manifest whose 30-day horizon has a negative smearing factor
    CommittedModelCopy.into(dir, m -> ((ObjectNode) m.get("horizons").get(0)).put("smearing", -1.02));

    // When it is loaded, then it is refused naming the horizon, the field and the value
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the 30-day horizon's smearing must be a finite number above 0")
        .hasMessageContaining("got -1.02");
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldRefuseAProjectionWiderThanItsEncodersEmbeddings() {
    // Given a 512-wide text projection for the 384-dimensional MiniLM encoder
    CommittedModelCopy.into(dir, m -> {
      ObjectNode projection = (ObjectNode) m.get("textProjection");
      padTo512((ArrayNode) projection.get("center"));
      projection.get("components").forEach(component -> padTo512((ArrayNode) component));
    });

    // When it is loaded, then it is refused naming both widths (it used to project the first 384 dimensions)
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("takes 512-dimensional embeddings but encoder all-minilm-l6-v2 gives 384");
  }

  @Test
  void shouldRefuseABgeModelTrainedBeforeItsTokenizerLowerCasedWhoseTextFeaturesAreInAnotherSpace() {
    // Given a BGE model written before manifests recorded the encoder revision (revision 1: no lower-casing)
    CommittedModelCopy.into(dir, ScoringModelLoadTest::asBgeModel);

    // When it is loaded, then it is refused naming both revisions and what to do
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("revision 1 of encoder bge-small-zh-v1.5, this version embeds with revision 2")
        .hasMessageContaining("retrain");
  }

  @Test
  void shouldServeABgeModelTrainedWithTheLowerCasingTokenizer() throws Exception {
    // Given the same model recording revision 2, as train writes it now
    CommittedModelCopy.into(dir, m -> {
      asBgeModel(m);
      ((ObjectNode) m.get("training").get("options")).put(ModelManifest.ENCODER_REVISION_OPTION, 2);
    });

    // When it is loaded, then it is served with the BGE encoder
    try (ScoringModel model = ScoringModel.load(dir)) {
      assertThat(model.encoderId()).isEqualTo("bge-small-zh-v1.5");
    }
  }

  @Test
  void shouldRefuseAMaxSequenceLengthTheEncoderCannotRun() {
    CommittedModelCopy.into(dir, m ->
        ((ObjectNode) m.get("training").get("options")).put(ModelManifest.MAX_SEQUENCE_LENGTH_OPTION, 1024));

    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("texts cut to 1024 tokens, outside 8..512");
  }

  @Test
  void shouldRefuseAMiniLmModelRecordingARevisionThisVersionDoesNotHave() {
    CommittedModelCopy.into(dir, m ->
        ((ObjectNode) m.get("training").get("options")).put(ModelManifest.ENCODER_REVISION_OPTION, 2));

    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("revision 2 of encoder all-minilm-l6-v2, this version embeds with revision 1");
  }

  private static void asBgeModel(ObjectNode m) {
    m.put("encoderId", "bge-small-zh-v1.5");
    ObjectNode projection = (ObjectNode) m.get("textProjection");
    padTo512((ArrayNode) projection.get("center"));
    projection.get("components").forEach(component -> padTo512((ArrayNode) component));
  }

  @Test
  void shouldRefuseAnEncoderThisVersionDoesNotHave() {
    CommittedModelCopy.into(dir, m -> m.put("encoderId", "all-minilm-l12-v9"));

    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("unknown encoder id 'all-minilm-l12-v9'");
  }

  @Test
  void shouldNameWhereTheFeatureListsPartAndTheMissingNameRatherThanDumpingBothLists() {
    // Given a manifest trained before overdue_ratio (position 32) existed, as a spend-v1 model was
    CommittedModelCopy.into(dir, m -> {
      ArrayNode names = (ArrayNode) m.get("featureNames");
      assertThat(names.get(32).asText()).isEqualTo("overdue_ratio");
      names.remove(32);
    });

    // When it is loaded, then the refusal names the position and the missing feature, not the 58 + 59 names
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("the model was trained on 58 features, this version computes 59: they first differ at "
            + "position 32 (model views_30d, this version overdue_ratio); missing from the model [overdue_ratio], "
            + "not computed by this version []")
        .hasMessageNotContaining("days_since_first_order");
  }

  @Test
  void shouldQuoteOnlyTheFirstFewNamesWhenManyFeaturesDiffer() {
    // Given a manifest whose 16 text features have other names
    CommittedModelCopy.into(dir, m -> {
      ArrayNode names = (ArrayNode) m.get("featureNames");
      for (int i = 43; i < 59; i++) {
        names.set(i, names.textNode("text_pc" + (i - 42)));
      }
    });

    // When it is loaded, then five names of each side are quoted and the rest counted
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .hasMessageContaining("position 43 (model text_pc1, this version text_bought_pc1)")
        .hasMessageContaining("missing from the model [text_bought_pc1, text_bought_pc2, text_bought_pc3, "
            + "text_bought_pc4, text_bought_pc5] and 11 more, not computed by this version [text_pc1, text_pc2, "
            + "text_pc3, text_pc4, text_pc5] and 11 more")
        .hasMessageNotContaining("text_browsed_pc8");
  }

  @Test
  void shouldRefuseAnUnknownEncoderAlsoForAModelWithoutTextFeatures() {
    // Given a manifest without a text projection that names an encoder this version does not have
    CommittedModelCopy.into(dir, m -> {
      SmallGraphs.numericOnly(m);
      m.put("encoderId", "nonsense");
    });

    // When it is loaded, then it is refused naming the encoder (before, the id was not checked, and the app
    // opened the default encoder for text profiles), before any session is opened
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("unknown encoder id 'nonsense'");
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldRefuseAReferenceUserOfTheWrongLengthAtLoadRatherThanWhenATaskStarts() {
    // Given a reference user one value short
    CommittedModelCopy.into(dir, m -> ((ArrayNode) m.get("reference").get("values")).remove(0));

    // When it is loaded, then it is refused (before, referenceFeatures() threw on each stream thread's task)
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("reference user has 58 values for 59 features");
  }

  @Test
  void shouldRefuseABadCalibrationTableBeforeOpeningTheSession() {
    // Given a calibration table one percentile short
    CommittedModelCopy.into(dir, m -> ((ArrayNode) m.get("calibration")).remove(100));

    // When it is loaded, then it is refused as a manifest problem and no session was opened (one leaked before)
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("calibration needs 101 percentiles");
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldRefuseAScoreBandWithoutItsMinScoreBeforeOpeningTheSession() {
    // Given a manifest whose MEDIUM band has lost its minScore (it reads as 0, and MEDIUM came after LOW)
    CommittedModelCopy.into(dir, m -> ((ObjectNode) m.get("scoreBands").get(1)).remove("minScore"));

    // When it is loaded, then it is refused naming the file and the band (before, every score under 75 was MEDIUM)
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(dir.resolve("manifest.json").toString())
        .hasMessageContaining("got MEDIUM 0.0 after LOW 0.0");
    assertThat(opened).isEmpty();
  }

  @Test
  void shouldCloseTheSessionWhenTheGraphLacksAnOutputTheManifestNames() {
    // Given a manifest whose 90-day horizon names an output the graph does not have
    CommittedModelCopy.into(dir, m -> ((ObjectNode) m.get("horizons").get(1)).put("probabilityOutput", "p_buy_90d_v2"));

    // When it is loaded, then it is refused and the session opened for the graph check is closed
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no output 'p_buy_90d_v2'")
        .hasMessageContaining(dir.resolve("manifest.json").toString());
    assertThat(opened).singleElement().satisfies(session -> assertThatThrownBy(session::getInputNames)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
  }

  @Test
  void shouldServeAHandBuiltGraphOfTheRightTypesSoTheRefusalsBelowAreForTheirTypesAlone() throws Exception {
    // Given a graph taking FLOAT [N, 59] and giving four FLOAT [N, 1] outputs, each the mean of the features
    SmallGraphs.modelDir(dir, SmallGraphs.meanOfFeatures(TensorProto.DataType.FLOAT, 59, false), m -> { });

    // When it is loaded and scores the reference user, then it gives one prediction
    try (ScoringModel model = ScoringModel.load(dir)) {
      assertThat(model.predict(new float[][] {model.referenceFeatures().orElseThrow()})).hasSize(1);
    }
  }

  @Test
  void shouldRefuseAGraphWhoseOutputsHaveOneDimensionWhichFailedAtEveryScoringRun() {
    // Given a graph whose outputs are FLOAT [N] instead of [N, 1]
    SmallGraphs.modelDir(dir, SmallGraphs.meanOfFeatures(TensorProto.DataType.FLOAT, 59, true), m -> { });

    // When it is loaded, then it is refused naming the output and its shape (before, it loaded and every
    // predict threw ClassCastException), and the session is closed
    assertThatThrownBy(() -> ScoringModel.load(dir, this::recordedSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("gives output 'p_buy_30d'")
        .hasMessageContaining("as FLOAT [-1], scoring reads FLOAT [rows, 1]")
        .hasMessageContaining(dir.resolve("manifest.json").toString());
    assertThat(opened).singleElement().satisfies(session -> assertThatThrownBy(session::getInputNames)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed"));
  }

  @Test
  void shouldRefuseAGraphTakingDoublesWhichFailedAtEveryScoringRun() {
    // Given a graph whose input is DOUBLE [N, 59] (scoring feeds floats)
    SmallGraphs.modelDir(dir, SmallGraphs.meanOfFeatures(TensorProto.DataType.DOUBLE, 59, false), m -> { });

    // When it is loaded, then it is refused naming the input and its type
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("takes input 'features' of DOUBLE [-1, 59], scoring feeds FLOAT [rows, 59]");
  }

  @Test
  void shouldRefuseAGraphExportedForAFixedBatchOfOneRowWhichFailedOnTheRowsOfReasonCodes() {
    // Given a graph taking FLOAT [1, 59] and giving FLOAT [1, 1] outputs (an export without a dynamic batch axis)
    SmallGraphs.modelDir(dir, SmallGraphs.meanOfFeatures(TensorProto.DataType.FLOAT, 59, false, "1"), m -> { });

    // When it is loaded, then it is refused naming the input's shape (before, it loaded, scored one row, and
    // failed on every scoring run, which sends a user's eleven reason-code rows in one call)
    assertThatThrownBy(() -> ScoringModel.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("takes input 'features' of FLOAT [1, 59], scoring feeds FLOAT [rows, 59]");
  }

  private OrtSession recordedSession(byte[] onnx) throws ai.onnxruntime.OrtException {
    OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx);
    opened.add(session);
    return session;
  }

  private static void padTo512(ArrayNode values) {
    while (values.size() < 512) {
      values.add(0.0);
    }
  }
}
