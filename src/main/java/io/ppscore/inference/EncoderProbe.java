package io.ppscore.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import java.util.List;
import java.util.Set;

/**
 * The probe inference {@code inference.device=auto} runs on a new CUDA session before accepting it: one
 * short text, tokenised and fed as the encoder feeds every call. ONNX Runtime defers some CUDA failures to
 * the first run (GPU memory taken by another process, no kernels for the GPU's architecture, cuDNN
 * sub-libraries loaded on first use); the probe turns them into a fallback to CPU at start-up instead of a
 * failed scoring run on a stream thread.
 */
final class EncoderProbe {

  /** The probe's text: a few tokens, enough to run every operator of the graph. */
  static final String TEXT = "red leather handbag";

  private EncoderProbe() {}

  /** The probe of {@code model}, tokenising with {@code tokenizer}. */
  static ExecutionProviders.Probe of(EncoderModel model, HuggingFaceTokenizer tokenizer, OrtEnvironment env) {
    return session -> {
      Encoding[] encodings = tokenizer.batchEncode(List.of(TEXT));
      TokenBatch batch = TokenBatch.of(encodings, new int[] {0}, TokenBatch.attendedLength(encodings[0]));
      List<String> inputs = ModelSignature.inputs(session, OnnxTextEncoder.KNOWN_INPUTS, model);
      String output = ModelSignature.hiddenStateOutput(session, model);
      try (TokenBatch.InputTensors tensors = batch.tensors(env, inputs)) {
        // the output is not looked at: what matters is that the run completes
        session.run(tensors.byName(), Set.of(output)).close();
      }
    };
  }
}
