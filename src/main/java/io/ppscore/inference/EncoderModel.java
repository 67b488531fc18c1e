package io.ppscore.inference;

import java.util.Arrays;
import java.util.Objects;

/**
 * The text encoders bundled on the classpath (ONNX exports from the langchain4j embedding jars; only their
 * model and tokenizer files are used). The {@link #id()} is what a trained scoring model records.
 */
public enum EncoderModel {

  /** sentence-transformers/all-MiniLM-L6-v2, fp32, English, mean pooling, 384 dimensions. */
  MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
      Pooling.MEAN, 384, true, false, 1),

  /**
   * The same model quantised to int8 (about 4x smaller, slightly different vectors). Not batch-invariant:
   * it is quantised dynamically, so each {@code DynamicQuantizeLinear} takes one scale and zero point over
   * its whole input tensor, every row of the model run, and a text's vector moves with the texts run beside
   * it (cosine 0.993 seen). The encoder runs it one text at a time.
   */
  MINILM_L6_V2_INT8("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
      Pooling.MEAN, 384, false, false, 1),

  /**
   * BAAI/bge-small-zh-v1.5, Chinese, CLS pooling, 512 dimensions. The {@code tokenizer.json} bundled with it
   * says {@code "lowercase": false}, but its vocabulary (bert-base-chinese's, 21,128 entries) holds no
   * upper-case letter at all, not even a single {@code A}: it was built from lower-cased text, and read as
   * bundled every capitalised Latin-script word ("iPhone", "NIKE") became {@code [UNK]}. The tokenizer is
   * opened lower-casing (revision 2), which in the {@code BertNormalizer} also strips accents ("café" reads as
   * "cafe"), as BERT-Chinese's own lower-casing tokenizer does; revision 1, the bundled setting, is what builds
   * before that used.
   */
  BGE_SMALL_ZH_V15("bge-small-zh-v1.5", "bge-small-zh-v1.5.onnx", "bge-small-zh-v1.5-tokenizer.json",
      Pooling.CLS, 512, true, true, 2);

  private final String id;
  private final String modelResource;
  private final String tokenizerResource;
  private final Pooling pooling;
  private final int dimension;
  private final boolean batchInvariant;
  private final boolean lowercase;
  private final int revision;

  EncoderModel(String id, String modelResource, String tokenizerResource, Pooling pooling, int dimension,
      boolean batchInvariant, boolean lowercase, int revision) {
    this.id = id;
    this.modelResource = modelResource;
    this.tokenizerResource = tokenizerResource;
    this.pooling = pooling;
    this.dimension = dimension;
    this.batchInvariant = batchInvariant;
    this.lowercase = lowercase;
    this.revision = revision;
  }

  /** The model for an encoder id, as recorded by a scoring model. */
  public static EncoderModel forId(String id) {
    Objects.requireNonNull(id, "id");
    return Arrays.stream(values())
        .filter(m -> m.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown encoder id '" + id + "'; known: "
            + Arrays.stream(values()).map(EncoderModel::id).toList()));
  }

  /** Stable encoder id, e.g. {@code all-minilm-l6-v2}. */
  public String id() {
    return id;
  }

  /** Classpath resource holding the ONNX graph. */
  public String modelResource() {
    return modelResource;
  }

  /** Classpath resource holding the Hugging Face {@code tokenizer.json}. */
  public String tokenizerResource() {
    return tokenizerResource;
  }

  /** Pooling from token vectors to a sentence vector, per the model card. */
  public Pooling pooling() {
    return pooling;
  }

  /** Embedding dimension (the last axis of the model's {@code last_hidden_state}). */
  public int dimension() {
    return dimension;
  }

  /**
   * Whether a text's vector is the same (on CPU, to the bit) whichever texts share its model run, padded
   * rows included; when false the encoder runs each text alone, so a vector depends only on its text.
   */
  public boolean batchInvariant() {
    return batchInvariant;
  }

  /**
   * Whether the tokenizer is opened with its {@code BertNormalizer} lower-casing whatever the bundled file
   * says (see {@link #BGE_SMALL_ZH_V15}); MiniLM's bundled tokenizer lower-cases already.
   */
  public boolean lowercase() {
    return lowercase;
  }

  /**
   * Which way this build turns a text into this encoder's vector, counted from 1 and raised whenever the same
   * text would get another vector (a tokenizer setting, say). {@code train} records it in the manifest
   * ({@code training.options.encoderRevision}, absent in manifests written before it: revision 1), and a
   * model of another revision is refused: its text features were computed in another embedding space.
   */
  public int revision() {
    return revision;
  }
}
