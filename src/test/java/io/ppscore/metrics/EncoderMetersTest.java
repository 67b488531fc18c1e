package io.ppscore.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.inference.InferenceMetricsFixture;
import io.ppscore.inference.TextEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderMetersTest {

  @Test
  void shouldExposeTheEncodersMostlyUnknownTextsAsACounterPerEncoder() {
    // Given an encoder bound to a Prometheus registry, whose texts were mostly [UNK] twice so far
    AppMetrics metrics = AppMetrics.prometheus();
    String id = "encoder-meters-test";
    StreamsMeters.bindEncoder(metrics, new FixedEncoder(id));
    InferenceMetricsFixture.recordUnknownTokenTexts(id, 2);

    // When one more call embeds three such texts
    InferenceMetricsFixture.recordUnknownTokenTexts(id, 3);

    // Then the scrape shows all five under the encoder's id
    assertThat(metrics.scrape()).contains("ppscore_encoder_unknown_token_texts_total{encoder=\"" + id + "\"} 5.0");
  }

  @Test
  void shouldExposeThePersistedLevelsCountersBesideTheMemoryCachesOnes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
    // Given the memory cache in front of the disk level, bound to a registry
    AppMetrics metrics = AppMetrics.prometheus();
    io.ppscore.inference.PersistedTextEncoder persisted = io.ppscore.inference.PersistedTextEncoder.open(
        new FixedEncoder("persisted-meters-test"), new io.ppscore.inference.EmbeddingSpace("fixed", 128, "cpu", "test"),
        root, 16L << 20);
    try (io.ppscore.inference.CachingTextEncoder cache = io.ppscore.inference.CachingTextEncoder.wrap(persisted, 10)) {
      StreamsMeters.bindEncoder(metrics, cache);

      // When two new texts are embedded
      cache.embed(List.of("a", "b"));

      // Then the scrape shows them as memory misses and disk misses, with no disk hits or errors
      assertThat(metrics.scrape()).contains("ppscore_embedding_cache_misses_total 2.0",
          "ppscore_embedding_cache_persisted_misses_total 2.0", "ppscore_embedding_cache_persisted_hits_total 0.0",
          "ppscore_embedding_cache_persisted_invalid_total 0.0", "ppscore_embedding_cache_persisted_errors_total 0.0");
    }
  }

  /** An encoder that is only an id: the counter is read from the id's metrics. */
  private record FixedEncoder(String id) implements TextEncoder {

    @Override
    public int dimension() {
      return 1;
    }

    @Override
    public float[][] embed(List<String> texts) {
      float[][] rows = new float[texts.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = new float[] {1f};
      }
      return rows;
    }

    @Override
    public void close() {
    }
  }
}
