package io.ppscore.app;

import io.ppscore.inference.InferenceMetrics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The measured instance's text-encoder figures, read from {@link InferenceMetrics} under the id of the encoder
 * the instance opened (the registry is keyed by encoder id: another id reads an encoder that never ran).
 */
record BenchEncoderFigures(String encoderId, String provider, double textsPerSecond, long runs, long texts,
    long tokensAttended, long tokensComputed) {

  /** The figures of the encoder {@code encoderId} names; empty when the instance opened none. */
  static Optional<BenchEncoderFigures> of(Optional<String> encoderId) {
    return encoderId.map(id -> {
      InferenceMetrics m = InferenceMetrics.forEncoder(id);
      return new BenchEncoderFigures(id, m.providerInUse().name(), m.textsEmbedded() / (m.inferenceNanos() / 1e9),
          m.batchesRun(), m.textsEmbedded(), m.tokensAttended(), m.tokensComputed());
    });
  }

  /** Texts per model run (a scoring run whose texts are all cached makes none). */
  double textsPerRun() {
    return texts / (double) Math.max(1, runs);
  }

  /** Share of the token positions the model ran that were padding. */
  double paddingShare() {
    return 1 - tokensAttended / (double) Math.max(1, tokensComputed);
  }

  /** "runs / mean texts per run / padding share", as the table prints it. */
  String runsLine() {
    return String.format(Locale.ROOT, "%,d / %.1f / %.1f %%", runs, textsPerRun(), 100 * paddingShare());
  }

  Map<String, Object> runsJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("runs", runs);
    json.put("texts", texts);
    json.put("meanTextsPerRun", textsPerRun());
    json.put("tokensAttended", tokensAttended);
    json.put("tokensComputed", tokensComputed);
    json.put("paddingShare", paddingShare());
    return json;
  }
}
