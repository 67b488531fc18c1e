package io.ppscore.inference;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads model files from the classpath; nothing is fetched from anywhere else. */
final class ModelResources {

  private ModelResources() {}

  /** The bytes of a classpath resource, failing with a message naming it when absent. */
  static byte[] read(String resource) {
    try (InputStream in = open(resource)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model resource " + resource, e);
    }
  }

  /**
   * A tokenizer from a {@code tokenizer.json} resource that adds special tokens, truncates to
   * {@code maxLength} tokens and pads each batch to its longest text.
   */
  static HuggingFaceTokenizer tokenizer(String resource, int maxLength) {
    DjlOffline.ensure();
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "true",
        "maxLength", Integer.toString(maxLength));
    try (InputStream in = open(resource)) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer resource " + resource, e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = ModelResources.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("model resource " + resource
          + " is not on the classpath (it ships in a dev.langchain4j:langchain4j-embeddings-* jar)");
    }
    return in;
  }
}
