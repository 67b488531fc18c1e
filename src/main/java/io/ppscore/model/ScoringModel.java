package io.ppscore.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.ppscore.features.FeatureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The trained spend model as served: the ONNX graph run by ONNX Runtime plus its manifest. Loading checks
 * that the two belong together and that the features this code computes are the ones the model was trained
 * on; any mismatch fails with a message naming it, so a wrong model never scores silently.
 */
public final class ScoringModel implements UserScorer, AutoCloseable {

  public static final String MANIFEST = "manifest.json";
  private final ModelManifest manifest;
  private final FeatureSpec spec;
  private final ScoreCalibration calibration;
  private final float[] reference;
  private final OrtSession session;

  private ScoringModel(ModelManifest manifest, ManifestChecks.Checked checked, OrtSession session) {
    this.manifest = manifest;
    this.spec = checked.spec();
    this.calibration = checked.calibration();
    this.reference = checked.reference();
    this.session = session;
  }

  /** Opens the ONNX session of a model's bytes; replaced in tests to see what load does with the session. */
  @FunctionalInterface
  interface SessionOpener {
    OrtSession open(byte[] onnx) throws OrtException;
  }

  /**
   * Loads {@code directory/manifest.json} and the ONNX file it names, in a session with one intra-op thread.
   * One thread because a tree ensemble run on several adds its trees' outputs in an order that depends on
   * the thread count and the batch, which changes the last bits of a prediction: with one thread a user's
   * prediction is the same in a streaming micro-batch, in {@code score-batch} and alone. It also avoids the
   * pool thread ONNX Runtime otherwise keeps spinning between the scoring runs, which on 2 cores took a
   * quarter of a core from the stream thread (bench profile), and the model is small: in a bench run the
   * model calls took 0.84 s for 6,241 users, 11 rows each with the reason codes.
   *
   * <p>The manifest is checked in full before the session is opened (required fields, the 30- and 90-day
   * horizons, the projection against its encoder's dimension, the reference user, the calibration table and
   * bands); a check of the graph that fails after that closes the session.
   *
   * @throws IllegalStateException naming the file and the problem when the model cannot serve
   */
  public static ScoringModel load(Path directory) throws IOException {
    return load(directory, ScoringModel::oneThreadSession);
  }

  static ScoringModel load(Path directory, SessionOpener sessions) throws IOException {
    Path manifestFile = directory.resolve(MANIFEST);
    if (!Files.isReadable(manifestFile)) {
      // absolute: started from another directory, a relative "models/manifest.json" hides where it looked
      throw new IllegalStateException("no model manifest at " + manifestFile.toAbsolutePath().normalize()
          + ": pass --model-dir with the directory that holds " + MANIFEST
          + " (a relative one is resolved from the working directory), or train one with 'ppscore train'");
    }
    ModelManifest manifest = ModelManifest.read(manifestFile);
    ManifestChecks.Checked checked = ManifestChecks.check(manifest, manifestFile);
    Path onnxFile = directory.resolve(manifest.onnxFile());
    byte[] onnx = Files.readAllBytes(onnxFile);
    String sha = sha256(onnx);
    // hex digits of either case: a hash pasted from another tool is often upper case
    if (!sha.equalsIgnoreCase(manifest.onnxSha256())) {
      throw new IllegalStateException("model " + onnxFile + " does not match its manifest " + manifestFile + " (sha256 "
          + sha + ", manifest says " + manifest.onnxSha256() + "): the two come from different trainings");
    }
    OrtSession session;
    try {
      session = sessions.open(onnx);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load " + onnxFile + ": " + e.getMessage(), e);
    }
    try {
      checkGraph(session, manifest, checked.spec(), onnxFile, manifestFile);
      return new ScoringModel(manifest, checked, session);
    } catch (OrtException e) {
      io.ppscore.inference.NativeResources.closeAfterFailure(session, e);
      throw new IllegalStateException("ONNX Runtime cannot describe " + onnxFile + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      io.ppscore.inference.NativeResources.closeAfterFailure(session, e);
      throw e;
    }
  }

  private static OrtSession oneThreadSession(byte[] onnx) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      return OrtEnvironment.getEnvironment().createSession(onnx, options);
    }
  }

  /**
   * The graph takes one float tensor of shape [rows, features] of the manifest's features and has every output
   * the manifest names, each a float tensor of shape [rows, 1] ({@link #predict} reads {@code float[][]} and the
   * first column). The rows dimension must be left open (-1, a symbolic or unknown size): a graph exported for a
   * fixed batch (e.g. [1, features]) scores one row and fails on the eleven rows a user's reason codes send. A last
   * output dimension the graph leaves unknown (-1) is accepted. Anything else would load and then fail at every
   * scoring run, on a stream thread.
   */
  private static void checkGraph(OrtSession session, ModelManifest manifest, FeatureSpec spec, Path onnxFile,
      Path manifestFile) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw new IllegalStateException("the ONNX graph " + onnxFile + " takes " + inputs.size() + " inputs "
          + inputs.keySet() + ", scoring feeds one (the [rows, features] float tensor)");
    }
    NodeInfo input = inputs.values().iterator().next();
    if (!isFloatTensor(input) || shape(input).length != 2 || shape(input)[0] != -1
        || shape(input)[1] != spec.names().size()) {
      throw new IllegalStateException("the ONNX graph " + onnxFile + " takes input '" + input.getName() + "' of "
          + describe(input) + ", scoring feeds FLOAT [rows, " + spec.names().size() + "] (manifest " + manifestFile
          + " lists " + spec.names().size() + " features)");
    }
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    for (ModelManifest.HorizonSpec h : manifest.horizons()) {
      for (String name : List.of(h.probabilityOutput(), h.logSpendOutput())) {
        NodeInfo output = outputs.get(name);
        if (output == null) {
          throw new IllegalStateException("the ONNX graph " + onnxFile + " has no output '" + name
              + "' named in manifest " + manifestFile);
        }
        long[] shape = shape(output);
        if (!isFloatTensor(output) || shape.length != 2 || shape[0] != -1 || (shape[1] != 1 && shape[1] != -1)) {
          throw new IllegalStateException("the ONNX graph " + onnxFile + " gives output '" + name + "' (named in manifest "
              + manifestFile + ") as " + describe(output) + ", scoring reads FLOAT [rows, 1]");
        }
      }
    }
  }

  private static boolean isFloatTensor(NodeInfo node) {
    return node.getInfo() instanceof TensorInfo tensor && tensor.type == OnnxJavaType.FLOAT;
  }

  private static long[] shape(NodeInfo node) {
    return node.getInfo() instanceof TensorInfo tensor ? tensor.getShape() : new long[0];
  }

  /** e.g. {@code DOUBLE [-1, 59]}, or the kind of value for a sequence or map. */
  private static String describe(NodeInfo node) {
    return node.getInfo() instanceof TensorInfo tensor ? tensor.type + " " + Arrays.toString(tensor.getShape())
        : "a " + node.getInfo().getClass().getSimpleName() + " (not a tensor)";
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** The feature definition the model expects. */
  @Override
  public FeatureSpec featureSpec() {
    return spec;
  }

  @Override
  public String modelVersion() {
    return manifest.modelVersion();
  }

  @Override
  public String encoderId() {
    return spec.encoderId();
  }

  @Override
  public String trainingCurrency() {
    return manifest.currency();
  }

  /** The manifest's reference user (its length checked at load); a copy on each call. */
  @Override
  public java.util.Optional<float[]> referenceFeatures() {
    return java.util.Optional.ofNullable(reference).map(float[]::clone);
  }

  /** The same as {@link #predict}: the whole batch in one ONNX Runtime call. */
  @Override
  public List<Prediction> score(float[][] features) {
    return predict(features);
  }

  /** Scores a batch of feature vectors in one ONNX Runtime call. */
  public List<Prediction> predict(float[][] features) {
    if (features.length == 0) {
      return List.of();
    }
    try (OnnxTensor input = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), features);
        OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
      ModelManifest.HorizonSpec h30 = manifest.horizon(30);
      ModelManifest.HorizonSpec h90 = manifest.horizon(90);
      float[][] p30 = output(result, h30.probabilityOutput());
      float[][] m30 = output(result, h30.logSpendOutput());
      float[][] p90 = output(result, h90.probabilityOutput());
      float[][] m90 = output(result, h90.logSpendOutput());
      List<Prediction> predictions = new ArrayList<>(features.length);
      for (int i = 0; i < features.length; i++) {
        double spend30 = h30.expectedSpend(p30[i][0], m30[i][0]);
        double spend90 = h90.expectedSpend(p90[i][0], m90[i][0]);
        double score = calibration.score(spend90);
        predictions.add(new Prediction(spend30, spend90, p90[i][0], score, calibration.tier(score)));
      }
      return predictions;
    } catch (OrtException e) {
      throw new IllegalStateException("scoring failed: " + e.getMessage(), e);
    }
  }

  private static float[][] output(OrtSession.Result result, String name) throws OrtException {
    return (float[][]) result.get(name).orElseThrow(() -> new IllegalStateException("no output " + name)).getValue();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the scoring session", e);
    }
  }

  /** Hex SHA-256 of {@code bytes}, as the manifest records the ONNX file. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
