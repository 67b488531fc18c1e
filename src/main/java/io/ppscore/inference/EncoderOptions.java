package io.ppscore.inference;

import java.util.Objects;

/**
 * Settings of an {@link OnnxTextEncoder}; immutable, each {@code with...} returns a copy. Defaults: device
 * {@code auto}, max sequence length 128 tokens, batch size 32, intra-op threads chosen by ONNX Runtime.
 */
public final class EncoderOptions {

  /** Upper bound of max sequence length: BERT-style position embeddings stop at 512. */
  public static final int MAX_SEQUENCE_LENGTH_LIMIT = 512;

  /**
   * The shortest max sequence length the app's setting, {@code train} and {@code evaluate} take, and a manifest
   * may record: {@code [CLS]}, {@code [SEP]} and six word pieces.
   */
  public static final int MIN_SEQUENCE_LENGTH = 8;

  /**
   * The default max sequence length, in tokens including {@code [CLS]} and {@code [SEP]}: the length
   * {@code train} and {@code evaluate} embed with unless {@code --max-sequence-length} says otherwise, and the
   * length of a model whose manifest records none (the committed model was trained at it).
   */
  public static final int DEFAULT_MAX_SEQUENCE_LENGTH = 128;

  /** The default most texts per model run. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  private static final EncoderOptions DEFAULTS =
      new EncoderOptions(DeviceSpec.auto(), DEFAULT_MAX_SEQUENCE_LENGTH, DEFAULT_BATCH_SIZE, 0);

  private final DeviceSpec device;
  private final int maxSequenceLength;
  private final int batchSize;
  private final int intraOpThreads;

  private EncoderOptions(DeviceSpec device, int maxSequenceLength, int batchSize, int intraOpThreads) {
    this.device = device;
    this.maxSequenceLength = maxSequenceLength;
    this.batchSize = batchSize;
    this.intraOpThreads = intraOpThreads;
  }

  /** The defaults described above. */
  public static EncoderOptions defaults() {
    return DEFAULTS;
  }

  /** Runs on {@code device}. */
  public EncoderOptions withDevice(DeviceSpec device) {
    return new EncoderOptions(Objects.requireNonNull(device, "device"), maxSequenceLength, batchSize,
        intraOpThreads);
  }

  /** Truncates texts to {@code tokens} tokens, including {@code [CLS]} and {@code [SEP]}. */
  public EncoderOptions withMaxSequenceLength(int tokens) {
    if (tokens < 2 || tokens > MAX_SEQUENCE_LENGTH_LIMIT) {
      throw new IllegalArgumentException("max sequence length must be between 2 and "
          + MAX_SEQUENCE_LENGTH_LIMIT + " tokens, got " + tokens);
    }
    return new EncoderOptions(device, tokens, batchSize, intraOpThreads);
  }

  /** Runs the model on at most {@code texts} texts at a time. */
  public EncoderOptions withBatchSize(int texts) {
    if (texts < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + texts);
    }
    return new EncoderOptions(device, maxSequenceLength, texts, intraOpThreads);
  }

  /** Uses {@code threads} threads inside each operator; 0 lets ONNX Runtime choose (one per core). */
  public EncoderOptions withIntraOpThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("intra-op threads must not be negative, got " + threads);
    }
    return new EncoderOptions(device, maxSequenceLength, batchSize, threads);
  }

  /** Requested device. */
  public DeviceSpec device() {
    return device;
  }

  /** Max tokens per text after truncation. */
  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  /** Max texts per model run. */
  public int batchSize() {
    return batchSize;
  }

  /** Intra-op threads, 0 for the runtime default. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  @Override
  public String toString() {
    return "EncoderOptions[device=" + device + ", maxSequenceLength=" + maxSequenceLength + ", batchSize="
        + batchSize + ", intraOpThreads=" + intraOpThreads + "]";
  }
}
