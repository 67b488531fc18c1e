package io.ppscore.inference;

/** Records figures in {@link InferenceMetrics}' registry for tests outside this package. */
public final class InferenceMetricsFixture {

  private InferenceMetricsFixture() {
  }

  /** Records one model run of {@code encoderId} on {@code provider}. */
  public static void recordRun(String encoderId, ProviderInUse provider, int texts, long attended, long computed, long nanos) {
    InferenceMetrics metrics = InferenceMetrics.forEncoder(encoderId);
    metrics.providerInUse(provider);
    metrics.recordBatch(texts, attended, computed, nanos);
  }

  /** Counts {@code texts} mostly-{@code [UNK]} texts of {@code encoderId}. */
  public static void recordUnknownTokenTexts(String encoderId, int texts) {
    InferenceMetrics.forEncoder(encoderId).recordUnknownTokenTexts(texts);
  }
}
