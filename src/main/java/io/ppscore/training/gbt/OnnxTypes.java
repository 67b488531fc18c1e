package io.ppscore.training.gbt;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/** Value-info factories for the export's graph inputs and outputs. */
final class OnnxTypes {

  /** Symbolic name of the batch dimension. */
  static final String BATCH = "N";

  private OnnxTypes() {
  }

  /** A float tensor of shape [N, columns]. */
  static ValueInfoProto floatTensor(String name, int columns) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
        .build();
    TypeProto type = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(shape))
        .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }
}
