package io.ppscore.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks an ONNX encoder's declared inputs and output against what {@link OnnxTextEncoder} feeds and reads. */
final class ModelSignature {

  static final String HIDDEN_STATE = "last_hidden_state";

  private ModelSignature() {}

  /** The model's inputs, in declaration order; every one must be known, ids and mask must be present. */
  static List<String> inputs(OrtSession session, Set<String> known, EncoderModel model) {
    List<String> names = List.copyOf(session.getInputNames());
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalStateException(model.id() + " declares input " + name + ", expected some of " + known);
      }
    }
    if (!names.contains(TokenBatch.INPUT_IDS) || !names.contains(TokenBatch.ATTENTION_MASK)) {
      throw new IllegalStateException(model.id() + " must declare input_ids and attention_mask, has " + names);
    }
    return names;
  }

  /** The name of the {@code [batch, sequence, dimension]} output, checked against the model's dimension. */
  static String hiddenStateOutput(OrtSession session, EncoderModel model) {
    try {
      Map<String, NodeInfo> outputs = session.getOutputInfo();
      String name = outputs.containsKey(HIDDEN_STATE) ? HIDDEN_STATE : outputs.keySet().iterator().next();
      if (!(outputs.get(name).getInfo() instanceof TensorInfo info) || info.getShape().length != 3) {
        throw new IllegalStateException(model.id() + " output " + name + " is not a rank-3 tensor");
      }
      long dimension = info.getShape()[2];
      if (dimension != model.dimension()) {
        throw new IllegalStateException(model.id() + " output " + name + " has dimension " + dimension
            + ", catalogue says " + model.dimension());
      }
      return name;
    } catch (OrtException e) {
      throw new IllegalStateException("cannot read outputs of " + model.id() + ": " + e.getMessage(), e);
    }
  }
}
