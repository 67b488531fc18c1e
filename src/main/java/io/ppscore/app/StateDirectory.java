package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB state directory of an in-process run ({@code demo}, {@code bench}): one the command created
 * under {@code java.io.tmpdir} is deleted with everything in it on {@link #close()}; one the user named is
 * kept.
 */
final class StateDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StateDirectory.class);

  private final Path path;
  private final boolean temporary;

  private StateDirectory(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** A new, empty directory under {@code java.io.tmpdir}, deleted on close. */
  static StateDirectory temporary(String prefix) {
    try {
      return new StateDirectory(Files.createTempDirectory(prefix), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory under " + System.getProperty("java.io.tmpdir"), e);
    }
  }

  /** The directory the user named; close leaves it alone. */
  static StateDirectory given(Path path) {
    return new StateDirectory(path, false);
  }

  /**
   * The user's directory when {@code overrides} set {@code state.dir} (or {@code kafka.state.dir}, which
   * Kafka Streams is given last and so wins), otherwise a temporary one.
   */
  static StateDirectory fromOverrides(Map<String, String> overrides, String prefix) {
    String own = overrides.getOrDefault(AppConfig.KAFKA_PREFIX + AppConfig.STATE_DIR_CONFIG,
        overrides.get(AppConfig.STATE_DIR_CONFIG));
    return own == null ? temporary(prefix) : given(Path.of(own));
  }

  Path path() {
    return path;
  }

  boolean isTemporary() {
    return temporary;
  }

  /** Deletes a temporary directory and its contents; a failure is logged (with what it left), not thrown. */
  @Override
  public void close() {
    if (temporary) {
      deleteRecursively(path);
    }
  }

  static void deleteRecursively(Path dir) {
    try {
      io.ppscore.files.FileOps.deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not delete the state directory {}: {}", dir, e.toString());
    }
  }
}
