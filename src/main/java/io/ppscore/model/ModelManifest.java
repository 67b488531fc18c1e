package io.ppscore.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything serving needs besides the ONNX graph, written next to it as {@code manifest.json}: which
 * features in which order, which text encoder and projection, how the graph's outputs become spend and a
 * score, the score bands, and where the model came from.
 *
 * @param onnxSha256 checksum of the ONNX file; serving refuses a model whose file does not match
 * @param calibration predicted 90-day spend at the 0th, 1st, ... 100th percentile of the training
 *     population: the score is the percentile of a user's prediction in it
 * @param reference the typical user reason codes compare against (null in manifests written before it)
 */
public record ModelManifest(String modelVersion, String createdAt, String onnxFile, String onnxSha256,
    List<String> featureNames, String encoderId, TextProjectionSpec textProjection, List<HorizonSpec> horizons,
    List<Double> calibration, List<ScoreBand> scoreBands, String currency, TrainingInfo training,
    Map<String, Object> metrics, Reference reference) {

  /**
   * The {@link TrainingInfo#options()} entry holding the text encoder's {@link
   * io.ppscore.inference.EncoderModel#revision()} the text features were computed with; a manifest without it
   * was written before revisions were recorded, with revision 1.
   */
  public static final String ENCODER_REVISION_OPTION = "encoderRevision";

  /**
   * The {@link TrainingInfo#options()} entry holding the tokens of each text the text features were computed
   * with ({@code train --max-sequence-length}); a manifest without it was trained at
   * {@link io.ppscore.inference.EncoderOptions#DEFAULT_MAX_SEQUENCE_LENGTH}.
   */
  public static final String MAX_SEQUENCE_LENGTH_OPTION = "maxSequenceLength";

  /** A manifest without a reference user (reason codes are then not computed). */
  public ModelManifest(String modelVersion, String createdAt, String onnxFile, String onnxSha256,
      List<String> featureNames, String encoderId, TextProjectionSpec textProjection, List<HorizonSpec> horizons,
      List<Double> calibration, List<ScoreBand> scoreBands, String currency, TrainingInfo training,
      Map<String, Object> metrics) {
    this(modelVersion, createdAt, onnxFile, onnxSha256, featureNames, encoderId, textProjection, horizons, calibration,
        scoreBands, currency, training, metrics, null);
  }

  /**
   * The typical user of the training population: the per-feature median over the users of one training
   * cut-off, in {@code featureNames} order. Reason codes replace a group of a user's features by these
   * values and report the groups whose replacement moves the score most.
   */
  public record Reference(String description, List<Double> values) {
  }

  /** This manifest with {@code reference} set; the ONNX file and every other field stay as they are. */
  public ModelManifest withReference(Reference reference) {
    return new ModelManifest(modelVersion, createdAt, onnxFile, onnxSha256, featureNames, encoderId, textProjection,
        horizons, calibration, scoreBands, currency, training, metrics, reference);
  }

  /** The encoder revision the text features were computed with ({@link #ENCODER_REVISION_OPTION}). */
  public int encoderRevision() {
    return wholeOption(ENCODER_REVISION_OPTION, 1);
  }

  /** The tokens of each text the text features were computed with ({@link #MAX_SEQUENCE_LENGTH_OPTION}). */
  public int maxSequenceLength() {
    return wholeOption(MAX_SEQUENCE_LENGTH_OPTION, io.ppscore.inference.EncoderOptions.DEFAULT_MAX_SEQUENCE_LENGTH);
  }

  private int wholeOption(String name, int absent) {
    Object recorded = training == null || training.options() == null ? null : training.options().get(name);
    if (recorded == null) {
      return absent;
    }
    if (!(recorded instanceof Integer value)) {
      throw new IllegalArgumentException("training.options." + name + " must be a whole number, got " + recorded);
    }
    return value;
  }

  /** The text projection (center and principal components) the features were computed with. */
  public record TextProjectionSpec(float[] center, float[][] components) {
  }

  /**
   * One horizon: the graph outputs for P(purchase) and the log-scale spend output, the factor applied to
   * spend (named smearing for compatibility with spend-v1 manifests) and the {@link SpendForm} that
   * combines them; a manifest without a form is {@link SpendForm#TWO_PART}. {@code trainingCutoffs}: the
   * cut-offs this horizon was trained on, in time order (empty in manifests before spend-v4).
   */
  public record HorizonSpec(int days, String probabilityOutput, String logSpendOutput, double smearing,
      SpendForm spendForm, List<String> trainingCutoffs) {

    public HorizonSpec {
      spendForm = spendForm == null ? SpendForm.TWO_PART : spendForm;
      trainingCutoffs = trainingCutoffs == null ? List.of() : List.copyOf(trainingCutoffs);
    }

    /** Expected spend from this horizon's two outputs. */
    public double expectedSpend(double probability, double logSpend) {
      return spendForm.expectedSpend(probability, logSpend, smearing);
    }
  }

  /** A tier and the lowest score (0-100) that reaches it. */
  public record ScoreBand(String tier, double minScore) {
  }

  /** Where the model came from. */
  public record TrainingInfo(String dataset, String dataFrom, String dataTo, List<String> cutoffs, long seed,
      Map<String, Object> options) {
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static ModelManifest read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), ModelManifest.class);
  }

  /**
   * Writes the manifest to {@code file} through a temporary file next to it, moved into place: a failure
   * halfway (a full disk, an interrupted {@code model-reference}) leaves the previous manifest as it was.
   */
  public void write(Path file) throws IOException {
    Path temporary = file.resolveSibling("." + file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    try {
      JSON.writeValue(temporary.toFile(), this);
      io.ppscore.files.FileOps.moveIntoPlace(temporary, file);
    } finally {
      java.nio.file.Files.deleteIfExists(temporary);
    }
  }

  /** The horizon of {@code days}. */
  public HorizonSpec horizon(int days) {
    return horizons.stream().filter(h -> h.days() == days).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the model has no " + days + "-day horizon"));
  }
}
