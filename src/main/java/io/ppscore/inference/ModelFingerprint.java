package io.ppscore.inference;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * A short fingerprint of what, besides the encoder id and the max sequence length, decides an encoder's
 * vectors: the bytes of its model and tokenizer files, how this build reads them ({@link EncoderModel#revision()},
 * e.g. a tokenizer opened lower-casing) and the ONNX Runtime version. Another langchain4j
 * embeddings jar or ONNX Runtime release then gets a fresh {@link EmbeddingSpace} instead of vectors that
 * no longer match what the encoder computes. Cheap: the CRC-32 and size a jar records for each entry are
 * read, not the files (a file outside a jar, e.g. on a test class path, is read once).
 */
final class ModelFingerprint {

  private ModelFingerprint() {
  }

  /** Eight hex digits for {@code model} run by this process's ONNX Runtime. */
  static String of(EncoderModel model) {
    return of(model.id(), model.modelResource(), model.tokenizerResource(), model.revision());
  }

  /** Eight hex digits for an encoder of these files read the way {@code revision} says. */
  static String of(String id, String modelResource, String tokenizerResource, int revision) {
    String parts = id + "|" + resource(modelResource) + "|" + resource(tokenizerResource)
        + "|revision " + revision + "|onnxruntime " + OrtEnvironment.getEnvironment().getVersion();
    CRC32 crc = new CRC32();
    crc.update(parts.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", crc.getValue());
  }

  /** The CRC-32 and size of a classpath resource, as {@code crc:size}. */
  private static String resource(String name) {
    URL url = ModelResources.url(name);
    try {
      URLConnection connection = url.openConnection();
      if (connection instanceof JarURLConnection jar) {
        JarEntry entry = jar.getJarEntry();
        if (entry != null && entry.getCrc() != -1 && entry.getSize() != -1) {
          return Long.toHexString(entry.getCrc()) + ":" + entry.getSize();
        }
      }
      try (InputStream in = connection.getInputStream()) {
        return contentCrc(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model resource " + name, e);
    }
  }

  private static String contentCrc(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[1 << 16];
    long size = 0;
    for (int n; (n = in.read(buffer)) > 0; size += n) {
      crc.update(buffer, 0, n);
    }
    return Long.toHexString(crc.getValue()) + ":" + size;
  }
}
