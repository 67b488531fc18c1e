package io.ppscore.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * A file a command writes at the end of its work. Its directory is created (as {@code train} and
 * {@code evaluate} create theirs) when the command starts, so a bad path fails before any work; its content
 * goes to a temporary file in that directory that is then moved over the target, so a failure never
 * leaves half a file (an existing file stays as it was).
 */
final class OutputFile {

  /** Writes the content. */
  @FunctionalInterface
  interface Content {
    void writeTo(Writer out) throws IOException;
  }

  private final Path file;

  private OutputFile(Path file) {
    this.file = file;
  }

  /**
   * Creates the directory of {@code file} if needed.
   *
   * @param option the option that named the file, for the error message
   * @throws IllegalArgumentException when {@code file} is a directory or its directory cannot be created
   */
  static OutputFile prepare(String option, Path file) {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(option + " " + file + ": is a directory, not a file");
    }
    Path directory = absolute.getParent();
    Path existing = directory;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(option + " " + file + ": " + existing + " is not a directory");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot create its directory " + directory, e);
    }
    if (!Files.isWritable(directory)) {
      throw new IllegalArgumentException(option + " " + file + ": directory " + directory + " is not writable");
    }
    return new OutputFile(absolute);
  }

  /** The file, absolute. */
  Path path() {
    return file;
  }

  /** Writes {@code content} (UTF-8) to a temporary file next to the target, then moves it into place. */
  void write(Content content) throws IOException {
    // not Files.createTempFile: its owner-only permissions would carry over to the output
    Path temporary = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      io.ppscore.files.FileOps.moveIntoPlace(temporary, file);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
