package io.ppscore.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** File operations several commands share: replacing a file by a finished one, deleting a directory tree. */
public final class FileOps {

  private FileOps() {
  }

  /** Renames {@code source} over {@code target}: atomically where the file system can, else replacing it. */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Deletes {@code dir} and everything under it, deepest first; nothing to do when it does not exist.
   *
   * @throws IOException at the first entry that cannot be deleted (the ones before it are gone)
   */
  public static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
