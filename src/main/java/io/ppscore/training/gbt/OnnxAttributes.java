package io.ppscore.training.gbt;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Factories for the ONNX node attributes used by the export. */
final class OnnxAttributes {

  private OnnxAttributes() {
  }

  static AttributeProto ofInt(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  static AttributeProto ofString(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
        .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
  }

  static AttributeProto ofInts(String name, List<Long> values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS).addAllInts(values).build();
  }

  static AttributeProto ofFloats(String name, List<Float> values) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS).addAllFloats(values).build();
  }

  static AttributeProto ofStrings(String name, List<String> values) {
    AttributeProto.Builder builder = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
    for (String value : values) {
      builder.addStrings(ByteString.copyFrom(value, StandardCharsets.UTF_8));
    }
    return builder.build();
  }
}
