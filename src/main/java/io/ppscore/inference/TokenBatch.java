package io.ppscore.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.LongBuffer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A padded batch of token ids, attention masks and token types, flattened row-major. */
final class TokenBatch {

  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final int rows;
  private final int sequenceLength;
  private final long[] ids;
  private final long[] mask;
  private final long[] types;

  private TokenBatch(int rows, int sequenceLength) {
    this.rows = rows;
    this.sequenceLength = sequenceLength;
    this.ids = new long[rows * sequenceLength];
    this.mask = new long[rows * sequenceLength];
    this.types = new long[rows * sequenceLength];
  }

  /**
   * The number of tokens the attention mask keeps in {@code encoding}: its length without the padding the
   * tokenizer appended.
   *
   * @throws IllegalStateException if the mask is not a run of ones followed by zeros (left padding)
   */
  static int attendedLength(Encoding encoding) {
    long[] mask = encoding.getAttentionMask();
    int length = 0;
    while (length < mask.length && mask[length] != 0) {
      length++;
    }
    for (int t = length; t < mask.length; t++) {
      if (mask[t] != 0) {
        throw new IllegalStateException("the tokenizer padded on the left or inside a text (attention mask "
            + "has a kept token at " + t + " after padding at " + length + ")");
      }
    }
    return length;
  }

  /**
   * Packs {@code rows} of {@code encodings} (right-padded to a common length of at least {@code length}),
   * cut to {@code length} tokens: what the tokenizer gives for those texts alone when {@code length} is their
   * longest attended length.
   */
  static TokenBatch of(Encoding[] encodings, int[] rows, int length) {
    TokenBatch batch = new TokenBatch(rows.length, length);
    for (int r = 0; r < rows.length; r++) {
      Encoding e = encodings[rows[r]];
      if (e.getIds().length < length) {
        throw new IllegalStateException("encoding " + rows[r] + " has " + e.getIds().length
            + " tokens, fewer than the batch length " + length);
      }
      System.arraycopy(e.getIds(), 0, batch.ids, r * length, length);
      System.arraycopy(e.getAttentionMask(), 0, batch.mask, r * length, length);
      System.arraycopy(e.getTypeIds(), 0, batch.types, r * length, length);
    }
    return batch;
  }

  /** Packs rows of equal length: token ids, attention masks and token type ids. */
  static TokenBatch of(long[][] ids, long[][] masks, long[][] types) {
    int length = ids.length == 0 ? 0 : ids[0].length;
    TokenBatch batch = new TokenBatch(ids.length, length);
    for (int row = 0; row < ids.length; row++) {
      if (ids[row].length != length || masks[row].length != length || types[row].length != length) {
        throw new IllegalStateException("tokenizer did not pad the batch: row " + row + " has "
            + ids[row].length + " tokens, row 0 has " + length);
      }
      System.arraycopy(ids[row], 0, batch.ids, row * length, length);
      System.arraycopy(masks[row], 0, batch.mask, row * length, length);
      System.arraycopy(types[row], 0, batch.types, row * length, length);
    }
    return batch;
  }

  int rows() {
    return rows;
  }

  int sequenceLength() {
    return sequenceLength;
  }

  /** Position of token {@code t} of {@code row} in the flattened batch. */
  int flatIndex(int row, int t) {
    return row * sequenceLength + t;
  }

  /** Whether the attention mask keeps token {@code t} of {@code row} (false for padding). */
  boolean attends(int row, int t) {
    return mask[flatIndex(row, t)] != 0;
  }

  /**
   * Tensors for the model inputs named in {@code inputNames}, to be closed by the caller (use
   * try-with-resources). On failure the tensors already made are closed.
   */
  InputTensors tensors(OrtEnvironment env, Collection<String> inputNames) throws OrtException {
    Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
    long[] shape = {rows, sequenceLength};
    try {
      for (String name : inputNames) {
        tensors.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(data(name)), shape));
      }
      return new InputTensors(tensors);
    } catch (OrtException | RuntimeException e) {
      OnnxValue.close(tensors);
      throw e;
    }
  }

  private long[] data(String inputName) {
    return switch (inputName) {
      case INPUT_IDS -> ids;
      case ATTENTION_MASK -> mask;
      case TOKEN_TYPE_IDS -> types;
      default -> throw new IllegalArgumentException("unsupported model input " + inputName);
    };
  }

  /** Model inputs by name; closing closes every tensor. */
  record InputTensors(Map<String, OnnxTensor> byName) implements AutoCloseable {
    @Override
    public void close() {
      OnnxValue.close(byName);
    }
  }
}
