package io.ppscore.inference;

import ai.djl.huggingface.tokenizers.Encoding;

/**
 * Texts an encoder's vocabulary does not cover: those whose word pieces are mostly the unknown token. Such a
 * text still gets a vector, but one that says little about it (MiniLM's vocabulary has about 244 single
 * Chinese characters, so "红色皮包" is {@code [CLS] [UNK] [UNK] [UNK] [UNK] [SEP]}, the same vector as any
 * other four-character title it cannot read).
 */
final class UnknownTokens {

  /** The unknown token of every bundled model's WordPiece vocabulary. */
  static final String UNKNOWN = "[UNK]";

  private UnknownTokens() {
  }

  /**
   * Whether more than half of the word pieces the model reads of {@code encoding} (attended, not special
   * tokens like {@code [CLS]} and {@code [SEP]}, within the sequence length) are {@code [UNK]}; false for a
   * text without word pieces.
   */
  static boolean mostlyUnknown(Encoding encoding) {
    String[] tokens = encoding.getTokens();
    long[] attended = encoding.getAttentionMask();
    long[] special = encoding.getSpecialTokenMask();
    int pieces = 0;
    int unknown = 0;
    for (int t = 0; t < tokens.length; t++) {
      if (attended[t] != 0 && special[t] == 0) {
        pieces++;
        if (UNKNOWN.equals(tokens[t])) {
          unknown++;
        }
      }
    }
    return unknown * 2 > pieces;
  }
}
