package io.ppscore.inference;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain-Java gauges and counters per encoder id, kept in a static registry until a metrics exporter reads
 * them: the provider in use, texts embedded, model runs and time spent in them, texts mostly outside the
 * vocabulary. When several encoders share
 * an id, the provider is the one of the most recently opened or closed.
 */
public final class InferenceMetrics {

  private static final Map<String, InferenceMetrics> REGISTRY = new ConcurrentHashMap<>();

  private final String encoderId;
  private volatile ProviderInUse providerInUse = ProviderInUse.NONE;
  private final LongAdder textsEmbedded = new LongAdder();
  private final LongAdder batchesRun = new LongAdder();
  private final LongAdder inferenceNanos = new LongAdder();
  private final LongAdder tokensAttended = new LongAdder();
  private final LongAdder tokensComputed = new LongAdder();
  private final LongAdder unknownTokenTexts = new LongAdder();

  private InferenceMetrics(String encoderId) {
    this.encoderId = encoderId;
  }

  /** The metrics of {@code encoderId}, created on first use. */
  public static InferenceMetrics forEncoder(String encoderId) {
    Objects.requireNonNull(encoderId, "encoderId");
    return REGISTRY.computeIfAbsent(encoderId, InferenceMetrics::new);
  }

  /** A snapshot of the registry, keyed by encoder id. */
  public static Map<String, InferenceMetrics> all() {
    return Map.copyOf(REGISTRY);
  }

  /** The encoder id these metrics belong to. */
  public String encoderId() {
    return encoderId;
  }

  /** Gauge: the execution provider in use. */
  public ProviderInUse providerInUse() {
    return providerInUse;
  }

  /** Counter: texts embedded by the model (cache hits are not counted here). */
  public long textsEmbedded() {
    return textsEmbedded.sum();
  }

  /** Counter: model runs. */
  public long batchesRun() {
    return batchesRun.sum();
  }

  /** Counter: nanoseconds spent tokenising, running and pooling. */
  public long inferenceNanos() {
    return inferenceNanos.sum();
  }

  void providerInUse(ProviderInUse provider) {
    this.providerInUse = Objects.requireNonNull(provider, "provider");
  }

  /**
   * Counter: token positions the model ran, padding included; with {@link #tokensAttended()} it gives the
   * share of work spent on padding.
   */
  public long tokensComputed() {
    return tokensComputed.sum();
  }

  /** Counter: token positions of real text the model ran (padding excluded). */
  public long tokensAttended() {
    return tokensAttended.sum();
  }

  void recordBatch(int texts, long attended, long computed, long nanos) {
    textsEmbedded.add(texts);
    batchesRun.increment();
    tokensAttended.add(attended);
    tokensComputed.add(computed);
    inferenceNanos.add(nanos);
  }

  /**
   * Counter: texts embedded whose word pieces were mostly {@code [UNK]} (more than half of those the model read,
   * {@code [CLS]} and {@code [SEP]} not counted): their vectors say little about them. Counted per call, so a
   * text embedded twice (the cache evicted it) counts twice.
   */
  public long unknownTokenTexts() {
    return unknownTokenTexts.sum();
  }

  void recordUnknownTokenTexts(int texts) {
    unknownTokenTexts.add(texts);
  }

  void recordTokenisation(long nanos) {
    inferenceNanos.add(nanos);
  }
}
