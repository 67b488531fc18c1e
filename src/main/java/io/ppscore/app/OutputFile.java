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
    writableDirectory(option + " " + file, absolute.getParent());
    return new OutputFile(absolute);
  }

  /**
   * Creates the output directory {@code dir} (and its parents) if needed, so that a command that writes
   * there at the end of minutes of work fails before it starts.
   *
   * @param option the option that named the directory, for the error message
   * @throws IllegalArgumentException when {@code dir} or a parent is a file, or it cannot be created or written
   */
  static Path prepareDirectory(String option, Path dir) {
    Path absolute = dir.toAbsolutePath();
    writableDirectory(option + " " + dir, absolute);
    return absolute;
  }

  private static void writableDirectory(String what, Path directory) {
    Path existing = directory;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(what + ": " + existing + " is not a directory");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": cannot create the directory " + directory, e);
    }
    if (!Files.isWritable(directory)) {
      throw new IllegalArgumentException(what + ": directory " + directory + " is not writable");
    }
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
