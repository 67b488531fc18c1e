package io.ppscore.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The committed model ({@code models/}) copied into a test's directory, its manifest edited by hand. */
public final class CommittedModelCopy {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CommittedModelCopy() {}

  /** Copies {@code models/manifest.json} and {@code models/model.onnx} into {@code dir}, then applies {@code edit}. */
  public static Path into(Path dir, Consumer<ObjectNode> edit) {
    try {
      Files.copy(Path.of("models", "model.onnx"), dir.resolve("model.onnx"));
      ObjectNode manifest = (ObjectNode) JSON.readTree(Path.of("models", ScoringModel.MANIFEST).toFile());
      edit.accept(manifest);
      JSON.writeValue(dir.resolve(ScoringModel.MANIFEST).toFile(), manifest);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
