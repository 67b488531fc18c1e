package io.ppscore.inference;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
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
   * The tokenizer of {@code model}: its {@code tokenizer.json} resource, with the normalizer lower-casing when
   * {@link EncoderModel#lowercase()} says so, adding special tokens, truncating to {@code maxLength} tokens and
   * padding each batch to its longest text.
   */
  static HuggingFaceTokenizer tokenizer(EncoderModel model, int maxLength) {
    DjlOffline.ensure();
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "true",
        "maxLength", Integer.toString(maxLength));
    byte[] json = read(model.tokenizerResource());
    if (model.lowercase()) {
      json = lowercasing(json, model.tokenizerResource());
    }
    try (InputStream in = new ByteArrayInputStream(json)) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer resource " + model.tokenizerResource(), e);
    }
  }

  /**
   * {@code tokenizerJson} with its {@code BertNormalizer}'s {@code lowercase} set. Any other normalizer is
   * refused rather than left as it is: the encoder would silently keep the vectors of another revision.
   */
  static byte[] lowercasing(byte[] tokenizerJson, String resource) {
    ObjectMapper mapper = new ObjectMapper();
    try {
      JsonNode root = mapper.readTree(tokenizerJson);
      JsonNode normalizer = root.path("normalizer");
      if (!(normalizer instanceof ObjectNode bert) || !"BertNormalizer".equals(normalizer.path("type").asText())) {
        throw new IllegalStateException("tokenizer resource " + resource + " has no BertNormalizer to lower-case "
            + "(normalizer: " + normalizer + ")");
      }
      bert.put("lowercase", true);
      return mapper.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer resource " + resource, e);
    }
  }

  private static InputStream open(String resource) throws IOException {
    return url(resource).openStream();
  }

  /** Where a classpath resource is, failing with a message naming it when absent. */
  static URL url(String resource) {
    URL url = ModelResources.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException("model resource " + resource
          + " is not on the classpath (it ships in a dev.langchain4j:langchain4j-embeddings-* jar)");
    }
    return url;
  }
}
