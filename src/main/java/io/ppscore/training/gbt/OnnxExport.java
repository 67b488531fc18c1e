package io.ppscore.training.gbt;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Exports one or more named {@link GbtModel}s as a single ONNX model (IR version 8, opsets {@code ""} 17 and
 * {@code ai.onnx.ml} 3). All models read the float input {@value #INPUT} of shape [N, F]; each one is a
 * {@code TreeEnsembleRegressor}, followed by {@code Sigmoid} for LOGISTIC models (TWEEDIE models output the raw
 * score, the log of the prediction, which the caller exponentiates), writing a float output
 * of shape [N, 1] named after the model. Outputs appear in the iteration order of the map given.
 *
 * <p>ONNX Runtime sums the float leaf weights in float32 where {@link GbtModel#predictRaw} sums them in
 * double, so outputs differ by float32 rounding only (about 1e-6 relative with tens of trees, growing with
 * the tree count) while taking the same branches.
 */
public final class OnnxExport {

  /** Name of the graph's single input. */
  public static final String INPUT = "features";
  static final long IR_VERSION = 8;
  static final long OPSET = 17;
  static final long ML_OPSET = 3;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, GbtModel> models;
  private final int featureCount;

  private OnnxExport(Map<String, GbtModel> models, int featureCount) {
    this.models = models;
    this.featureCount = featureCount;
  }

  /** An export of the given models; names must be identifiers, and all models must share a feature count. */
  public static OnnxExport of(Map<String, GbtModel> namedModels) {
    Objects.requireNonNull(namedModels, "namedModels must not be null");
    if (namedModels.isEmpty()) {
      throw new IllegalArgumentException("at least one model is needed");
    }
    Map<String, GbtModel> copy = new LinkedHashMap<>(namedModels);
    int features = copy.values().iterator().next().featureCount();
    copy.forEach((name, model) -> {
      if (name == null || !NAME.matcher(name).matches() || name.equals(INPUT)) {
        throw new IllegalArgumentException("model name must be an identifier other than '" + INPUT
            + "', was '" + name + "'");
      }
      Objects.requireNonNull(model, "model '" + name + "' must not be null");
      if (model.featureCount() != features) {
        throw new IllegalArgumentException("model '" + name + "' has " + model.featureCount()
            + " features, the first model has " + features);
      }
    });
    return new OnnxExport(copy, features);
  }

  /** An export of a single model. */
  public static OnnxExport of(String name, GbtModel model) {
    Map<String, GbtModel> single = new LinkedHashMap<>();
    single.put(name, model);
    return of(single);
  }

  /** The ONNX model. */
  public ModelProto toModel() {
    GraphProto.Builder graph = GraphProto.newBuilder().setName("ppscore_gbt")
        .addInput(OnnxTypes.floatTensor(INPUT, featureCount));
    models.forEach((name, model) -> {
      // the '/' keeps intermediate names apart from model names, which are identifiers
      String raw = model.loss() == Loss.LOGISTIC ? "raw/" + name : name;
      graph.addNode(TreeEnsembleNode.of(model, INPUT, raw));
      if (model.loss() == Loss.LOGISTIC) {
        graph.addNode(NodeProto.newBuilder().setOpType("Sigmoid").setName(name + "/sigmoid")
            .addInput(raw).addOutput(name));
      }
      graph.addOutput(OnnxTypes.floatTensor(name, 1));
    });
    return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName("ppscore")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(TreeEnsembleNode.DOMAIN).setVersion(ML_OPSET))
        .setGraph(graph).build();
  }

  /** The serialized ONNX model. */
  public byte[] toBytes() {
    return toModel().toByteArray();
  }

  /** Writes the serialized ONNX model to {@code file}, replacing it. */
  public void writeTo(Path file) throws IOException {
    Objects.requireNonNull(file, "file must not be null");
    Files.write(file, toBytes());
  }
}
