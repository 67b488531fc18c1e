package io.ppscore.inference;

import java.util.List;

/**
 * Turns texts into fixed-size, L2-normalised embedding vectors.
 *
 * <p>A scoring model records the {@link #id()} of the encoder it was trained with, so serving can refuse
 * an encoder that would produce vectors from a different space. Implementations are thread-safe.
 */
public interface TextEncoder extends AutoCloseable {

  /** Stable identifier of the embedding space, e.g. {@code all-minilm-l6-v2} or {@code bge-small-zh-v1.5}. */
  String id();

  /**
   * The embedding space running sums of this encoder's vectors (users' text profiles) are kept in: {@link #id()},
   * qualified by whatever else changes a text's vector under the same id (see {@link OnnxTextEncoder}), so sums
   * of two spaces are never added together.
   */
  default String profileSpace() {
    return id();
  }

  /** Length of every vector {@link #embed} returns. */
  int dimension();

  /**
   * Embeds the texts, one row per text in the same order; every row has {@link #dimension()} components
   * and unit L2 norm. An empty list gives an empty array.
   *
   * @throws NullPointerException if the list or one of its texts is null
   * @throws IllegalStateException if the encoder is closed
   */
  float[][] embed(List<String> texts);

  /**
   * {@code rows}, what {@code encoder}'s {@link #embed} returned for {@code texts} texts, when it has one row per
   * text: a decorator or caller relies on the rows lining up with its texts.
   *
   * @throws IllegalStateException naming the encoder and both counts otherwise
   */
  static float[][] oneRowPerText(TextEncoder encoder, float[][] rows, int texts) {
    if (rows == null || rows.length != texts) {
      throw new IllegalStateException(encoder.id() + " returned " + (rows == null ? "no" : rows.length)
          + " vectors for " + texts + " texts");
    }
    return rows;
  }

  /** Releases native resources; {@link #embed} fails afterwards. */
  @Override
  void close();
}
