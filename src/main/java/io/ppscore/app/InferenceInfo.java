package io.ppscore.app;

import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.inference.ProviderInUse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text encoder as {@code GET /v1/info} shows it: which one, where it runs and with which settings.
 *
 * @param encoderId the encoder's id, e.g. {@code all-minilm-l6-v2}
 * @param device the configured {@code inference.device}, e.g. {@code auto}
 * @param provider the execution provider the session runs on: {@code CPU} or {@code CUDA:N}
 * @param fallbackReason why {@code auto} fell back to CPU, null when it did not
 * @param threads the session's intra-op threads
 * @param batchSize most texts per model run
 * @param maxSequenceLength tokens kept of each text
 */
record InferenceInfo(String encoderId, String device, String provider, String fallbackReason, int threads,
    int batchSize, int maxSequenceLength) {

  /** What {@code encoder} was opened with and ended up on. */
  static InferenceInfo of(OnnxTextEncoder encoder) {
    String provider = encoder.providerInUse() == ProviderInUse.CUDA
        ? "CUDA:" + encoder.options().device().cudaDeviceId() : encoder.providerInUse().name();
    return new InferenceInfo(encoder.id(), encoder.options().device().toString(), provider,
        encoder.fallbackReason().orElse(null), encoder.options().intraOpThreads(), encoder.options().batchSize(),
        encoder.options().maxSequenceLength());
  }

  /** The {@code inference} object of {@code /v1/info}; {@code fallbackReason} is null when there was none. */
  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("encoderId", encoderId);
    json.put("device", device);
    json.put("provider", provider);
    json.put("fallbackReason", fallbackReason);
    json.put("threads", threads);
    json.put("batchSize", batchSize);
    json.put("maxSequenceLength", maxSequenceLength);
    return json;
  }
}
