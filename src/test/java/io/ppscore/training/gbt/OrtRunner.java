package io.ppscore.training.gbt;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an exported model in ONNX Runtime on the CPU, single-threaded. */
final class OrtRunner {

  private OrtRunner() {
  }

  /** Output name to one value per row (each output is [N, 1]). */
  static Map<String, float[]> run(byte[] model, float[][] rows) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(model, options);
           OnnxTensor input = OnnxTensor.createTensor(env, rows);
           OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
        Map<String, float[]> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> entry : result) {
          float[][] values = (float[][]) entry.getValue().getValue();
          float[] column = new float[values.length];
          for (int i = 0; i < values.length; i++) {
            column[i] = values[i][0];
          }
          outputs.put(entry.getKey(), column);
        }
        return outputs;
      }
    }
  }
}
