package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model output with a NaN or infinity (a faulty GPU kernel, say) fails the encoder call instead of giving
 * a vector that would be cached and added to a user's profile sum, which would then stay NaN for good.
 */
class NonFiniteVectorTest {

  private static final EncoderModel MODEL = EncoderModel.MINILM_L6_V2;
  private static final int DIM = MODEL.dimension();

  // two rows of two tokens, all kept
  private static final TokenBatch BATCH = TokenBatch.of(
      new long[][] {{101, 102}, {101, 102}},
      new long[][] {{1, 1}, {1, 1}},
      new long[][] {{0, 0}, {0, 0}});

  @Test
  void shouldRefuseARowWhoseModelOutputHoldsNaN() {
    // Given a hidden state whose row 1 has one NaN component (row 0 is fine)
    FloatBuffer hidden = hiddenState();
    hidden.put(2 * DIM + 5, Float.NaN);

    // When the rows are pooled, then row 0 gives a unit vector and row 1 fails the call
    // (before, l2Normalise skipped the NaN norm and the NaN vector was returned)
    EmbeddingAssertions.assertUnitRows(new float[][] {OnnxTextEncoder.pooledRow(MODEL, hidden, BATCH, 0)}, DIM);
    assertThatThrownBy(() -> OnnxTextEncoder.pooledRow(MODEL, hidden, BATCH, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("encoder all-minilm-l6-v2 produced a vector that is not finite")
        .hasMessageContaining("row 1 of a model run of 2 texts");
  }

  @Test
  void shouldRefuseARowWhoseModelOutputHoldsAnInfinity() {
    // Given a hidden state whose row 0 has an infinite component: the norm is infinite, the vector NaN/0
    FloatBuffer hidden = hiddenState();
    hidden.put(3, Float.POSITIVE_INFINITY);

    assertThatThrownBy(() -> OnnxTextEncoder.pooledRow(MODEL, hidden, BATCH, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not finite");
  }

  @Test
  void shouldCacheNothingWhenTheEncoderRefusesAVector() {
    // Given a cache over an encoder that refuses a non-finite vector, as OnnxTextEncoder now does
    TextEncoder refusing = new TextEncoder() {
      @Override
      public String id() {
        return MODEL.id();
      }

      @Override
      public int dimension() {
        return DIM;
      }

      @Override
      public float[][] embed(List<String> texts) {
        return new float[][] {OnnxTextEncoder.pooledRow(MODEL, nanState(), BATCH, 0)};
      }

      @Override
      public void close() {
      }
    };
    CachingTextEncoder cache = CachingTextEncoder.wrap(refusing, 10);

    // When a text is embedded, then the call fails and nothing is cached for the next call to find
    assertThatThrownBy(() -> cache.embed(List.of("red candle"))).isInstanceOf(IllegalStateException.class);
    assertThat(cache.size()).isZero();
    assertThat(cache.cachedOrInFlight("red candle")).isFalse();
  }

  @Test
  void shouldTellFiniteVectorsFromOthers() {
    assertThat(Vectors.finite(new float[] {0.6f, 0.8f})).isTrue();
    assertThat(Vectors.finite(new float[] {0.6f, Float.NaN})).isFalse();
    assertThat(Vectors.finite(new float[] {Float.NEGATIVE_INFINITY})).isFalse();
    // l2Normalise leaves a NaN vector as it is: the check is what catches it
    assertThat(Vectors.finite(Vectors.l2Normalise(new float[] {Float.NaN, 1f}))).isFalse();
  }

  private static FloatBuffer hiddenState() {
    float[] values = new float[2 * 2 * DIM];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 7) + 1;
    }
    return FloatBuffer.wrap(values);
  }

  private static FloatBuffer nanState() {
    float[] values = new float[2 * 2 * DIM];
    Arrays.fill(values, Float.NaN);
    return FloatBuffer.wrap(values);
  }
}
