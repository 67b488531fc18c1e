package io.ppscore.training;

import io.ppscore.model.ModelManifest;
import io.ppscore.model.ScoringModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces the {@code model.onnx} and {@code manifest.json} of a model directory as a pair. Both are
 * written completely into a temporary directory inside it first, so a failed write (a full disk, a manifest
 * that does not serialise) leaves the old pair untouched; then they are renamed into place, the ONNX file
 * first and the manifest last, atomically where the file system can. Should the manifest's rename fail,
 * the old ONNX file is put back. What no rename can rule out is the process dying between the two renames:
 * {@link ScoringModel} then refuses the mismatched pair by its SHA-256 rather than serve it.
 */
final class ModelPairWriter {

  /** Prefix of the temporary directory; one left behind by a killed process can be deleted. */
  static final String STAGING_PREFIX = ".model-export-";
  private static final String PREVIOUS_ONNX = "previous.onnx";

  private ModelPairWriter() {
  }

  static void write(Path directory, String onnxFile, byte[] onnx, ModelManifest manifest) throws IOException {
    Files.createDirectories(directory);
    Path staging = Files.createTempDirectory(directory, STAGING_PREFIX);
    try {
      Files.write(staging.resolve(onnxFile), onnx);
      manifest.write(staging.resolve(ScoringModel.MANIFEST));
      Path onnxTarget = directory.resolve(onnxFile);
      boolean hadOnnx = Files.exists(onnxTarget);
      if (hadOnnx) {
        Files.copy(onnxTarget, staging.resolve(PREVIOUS_ONNX));
      }
      io.ppscore.files.FileOps.moveIntoPlace(staging.resolve(onnxFile), onnxTarget);
      try {
        io.ppscore.files.FileOps.moveIntoPlace(staging.resolve(ScoringModel.MANIFEST), directory.resolve(ScoringModel.MANIFEST));
      } catch (IOException | RuntimeException e) {
        restore(hadOnnx ? staging.resolve(PREVIOUS_ONNX) : null, onnxTarget, e);
        throw e;
      }
    } finally {
      deleteRecursively(staging);
    }
  }

  private static void restore(Path previous, Path onnxTarget, Exception failure) {
    try {
      if (previous == null) {
        Files.deleteIfExists(onnxTarget);
      } else {
        io.ppscore.files.FileOps.moveIntoPlace(previous, onnxTarget);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Best effort: a failure here must not hide the export's own outcome. */
  private static void deleteRecursively(Path dir) {
    try {
      io.ppscore.files.FileOps.deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      // left behind under its STAGING_PREFIX name, harmless to the model pair
    }
  }
}
