package io.ppscore.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ppscore.features.FeatureSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Small hand-built ONNX graphs in place of the trained one: each output is the mean of a row's features, so
 * a test can give the graph the input type and the output shapes it needs.
 */
public final class SmallGraphs {

  /** The committed model's four output names, as its manifest lists them. */
  public static final List<String> OUTPUTS = List.of("p_buy_30d", "log_spend_30d", "p_buy_90d", "log_spend_90d");

  private SmallGraphs() {}

  /**
   * A graph with one input {@code features} of {@code inputType} and shape [N, width], and the outputs
   * {@link #OUTPUTS}, FLOAT of shape [N, 1], or [N] when {@code rankOneOutputs}.
   */
  public static byte[] meanOfFeatures(TensorProto.DataType inputType, int width, boolean rankOneOutputs) {
    return meanOfFeatures(inputType, width, rankOneOutputs, "N");
  }

  /**
   * As {@link #meanOfFeatures(TensorProto.DataType, int, boolean)}, with the rows dimension {@code rows}: a
   * symbolic name such as "N", or a number for a graph exported with a fixed batch size.
   */
  public static byte[] meanOfFeatures(TensorProto.DataType inputType, int width, boolean rankOneOutputs, String rows) {
    GraphProto.Builder graph = GraphProto.newBuilder().setName("small")
        .addInput(tensor("features", inputType, rows, width));
    String floats = "features";
    if (inputType != TensorProto.DataType.FLOAT) {
      floats = "features_float";
      graph.addNode(NodeProto.newBuilder().setOpType("Cast").addInput("features").addOutput(floats)
          .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
              .setI(TensorProto.DataType.FLOAT.getNumber())));
    }
    for (String output : OUTPUTS) {
      graph.addNode(NodeProto.newBuilder().setOpType("ReduceMean").addInput(floats).addOutput(output)
          .addAttribute(AttributeProto.newBuilder().setName("axes").setType(AttributeProto.AttributeType.INTS).addInts(1))
          .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT)
              .setI(rankOneOutputs ? 0 : 1)));
      graph.addOutput(rankOneOutputs ? tensor(output, TensorProto.DataType.FLOAT, rows)
          : tensor(output, TensorProto.DataType.FLOAT, rows, 1));
    }
    return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
        .setGraph(graph).build().toByteArray();
  }

  /**
   * The committed manifest, edited by {@code edit}, next to {@code onnx} as {@code model.onnx} with its
   * SHA-256 in the manifest: a model directory that passes the hash check.
   */
  public static Path modelDir(Path dir, byte[] onnx, Consumer<ObjectNode> edit) {
    CommittedModelCopy.into(dir, m -> {
      m.put("onnxSha256", ScoringModel.sha256(onnx));
      edit.accept(m);
    });
    try {
      Files.write(dir.resolve("model.onnx"), onnx);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /**
   * Edits the committed manifest into one of a model without text features: no text projection, the numeric
   * features this version computes, no reference user; {@code encoderId} is left as it is.
   */
  public static void numericOnly(ObjectNode manifest) {
    manifest.remove("textProjection");
    manifest.remove("reference");
    ArrayNode names = manifest.putArray("featureNames");
    FeatureSpec.numericOnly().names().forEach(names::add);
  }

  private static ValueInfoProto tensor(String name, TensorProto.DataType type, String batch, int... columns) {
    TensorShapeProto.Dimension.Builder rows = TensorShapeProto.Dimension.newBuilder();
    if (batch.chars().allMatch(Character::isDigit)) {
      rows.setDimValue(Long.parseLong(batch));
    } else {
      rows.setDimParam(batch);
    }
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(rows);
    for (int c : columns) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(c));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }
}
