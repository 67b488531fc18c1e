package io.ppscore.model;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.TextProjection;
import io.ppscore.inference.EncoderModel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The checks a manifest passes before its ONNX graph is opened: every field serving reads is there and
 * consistent with the others and with this code. A manifest that fails is refused at load, naming the file
 * and the problem; otherwise the problem would only show when a stream task starts or a scoring run calls
 * the model, and fail again on every stream thread that replaces the failed one.
 */
final class ManifestChecks {

  /** The horizons {@link ScoringModel#predict} reads: the 30-day spend and the 90-day spend and score. */
  static final List<Integer> SERVED_HORIZONS = List.of(30, 90);

  /**
   * What serving derives from a manifest that passes.
   *
   * @param reference the reference user's feature vector, null when the manifest has none
   */
  record Checked(FeatureSpec spec, ScoreCalibration calibration, float[] reference) {}

  private ManifestChecks() {}

  /**
   * Checks {@code manifest}, read from {@code file}.
   *
   * @throws IllegalStateException naming {@code file} and the problem
   */
  static Checked check(ModelManifest manifest, Path file) {
    try {
      requireFields(manifest);
      requireHorizons(manifest);
      FeatureSpec spec = featureSpec(manifest);
      ScoreCalibration calibration = new ScoreCalibration(manifest.calibration(), manifest.scoreBands());
      return new Checked(spec, calibration, reference(manifest, spec));
    } catch (RuntimeException e) {
      // a failed check or constructor argument check; a null inside a list gives a NullPointerException
      throw new IllegalStateException("model manifest " + file + " is refused: " + e.getMessage(), e);
    }
  }

  private static void requireFields(ModelManifest m) {
    require(m.modelVersion() != null, "it has no modelVersion");
    require(m.onnxFile() != null, "it has no onnxFile");
    require(m.onnxSha256() != null, "it has no onnxSha256");
    require(m.featureNames() != null, "it has no featureNames");
    require(m.horizons() != null, "it has no horizons");
    require(m.calibration() != null, "it has no calibration");
    require(m.scoreBands() != null, "it has no scoreBands");
  }

  private static void requireHorizons(ModelManifest m) {
    for (ModelManifest.HorizonSpec h : m.horizons()) {
      require(h.probabilityOutput() != null && h.logSpendOutput() != null,
          "the " + h.days() + "-day horizon needs both probabilityOutput and logSpendOutput");
      // a missing smearing reads as 0.0: every predicted spend would be 0, a negative one negative
      require(Double.isFinite(h.smearing()) && h.smearing() > 0, "the " + h.days() + "-day horizon's smearing must be a "
          + "finite number above 0 (the factor every predicted spend is multiplied by; missing reads as 0), got "
          + h.smearing());
    }
    for (int days : SERVED_HORIZONS) {
      require(m.horizons().stream().anyMatch(h -> h.days() == days), "it has no " + days
          + "-day horizon (scoring needs the 30- and 90-day horizons, the manifest lists "
          + m.horizons().stream().map(ModelManifest.HorizonSpec::days).toList() + ")");
    }
  }

  private static FeatureSpec featureSpec(ModelManifest m) {
    if (m.encoderId() != null) {
      // a model without text features names the encoder the app opens for text profiles: refused here if unknown
      EncoderModel.forId(m.encoderId());
    }
    FeatureSpec spec = m.textProjection() == null ? FeatureSpec.numericOnly() : new FeatureSpec(projection(m));
    require(spec.names().equals(m.featureNames()), featureMismatch(m.featureNames(), spec.names()));
    return spec;
  }

  /** The most names of a list a refusal quotes. */
  static final int QUOTED_NAMES = 5;

  /**
   * Where the model's features and this version's part: the first position they differ at and the names only
   * one side has (at most {@value #QUOTED_NAMES} of each quoted), rather than both lists of some 60 names.
   */
  static String featureMismatch(List<String> model, List<String> computed) {
    int at = 0;
    while (at < model.size() && at < computed.size() && Objects.equals(model.get(at), computed.get(at))) {
      at++;
    }
    Set<String> modelNames = new HashSet<>(model);
    Set<String> computedNames = new HashSet<>(computed);
    List<String> notInModel = computed.stream().filter(n -> !modelNames.contains(n)).toList();
    List<String> notComputed = model.stream().filter(n -> !computedNames.contains(n)).toList();
    String names = notInModel.isEmpty() && notComputed.isEmpty() ? "the same names in another order"
        : "missing from the model " + quote(notInModel) + ", not computed by this version " + quote(notComputed);
    return "the model was trained on " + model.size() + " features, this version computes " + computed.size()
        + ": they first differ at position " + at + " (model " + nameAt(model, at) + ", this version "
        + nameAt(computed, at) + "); " + names + ": retrain the model or run the matching ppscore version";
  }

  private static String nameAt(List<String> names, int at) {
    return at < names.size() ? names.get(at) : "none";
  }

  private static String quote(List<String> names) {
    return names.size() <= QUOTED_NAMES ? names.toString()
        : names.subList(0, QUOTED_NAMES) + " and " + (names.size() - QUOTED_NAMES) + " more";
  }

  private static TextProjection projection(ModelManifest m) {
    require(m.encoderId() != null, "it has a textProjection but no encoderId");
    EncoderModel encoder = EncoderModel.forId(m.encoderId());
    ModelManifest.TextProjectionSpec p = m.textProjection();
    require(p.center() != null && p.components() != null, "its textProjection needs center and components");
    require(p.center().length == encoder.dimension(), "its textProjection takes " + p.center().length
        + "-dimensional embeddings but encoder " + encoder.id() + " gives " + encoder.dimension());
    require(m.maxSequenceLength() >= io.ppscore.inference.EncoderOptions.MIN_SEQUENCE_LENGTH
        && m.maxSequenceLength() <= io.ppscore.inference.EncoderOptions.MAX_SEQUENCE_LENGTH_LIMIT,
        "its text features were computed with texts cut to " + m.maxSequenceLength() + " tokens, outside "
            + io.ppscore.inference.EncoderOptions.MIN_SEQUENCE_LENGTH + ".."
            + io.ppscore.inference.EncoderOptions.MAX_SEQUENCE_LENGTH_LIMIT);
    require(m.encoderRevision() == encoder.revision(), "its text features were computed with revision "
        + m.encoderRevision() + " of encoder " + encoder.id() + ", this version embeds with revision "
        + encoder.revision() + " (the same text gets another vector): retrain the model with this version");
    return new TextProjection(encoder.id(), p.center(), p.components());
  }

  private static float[] reference(ModelManifest m, FeatureSpec spec) {
    if (m.reference() == null) {
      return null;
    }
    List<Double> values = m.reference().values();
    require(values != null && values.size() == spec.names().size(), "its reference user has "
        + (values == null ? 0 : values.size()) + " values for " + spec.names().size() + " features");
    float[] reference = new float[values.size()];
    for (int i = 0; i < reference.length; i++) {
      reference[i] = Objects.requireNonNull(values.get(i), "its reference user has a null value").floatValue();
    }
    return reference;
  }

  private static void require(boolean condition, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(problem);
    }
  }
}
