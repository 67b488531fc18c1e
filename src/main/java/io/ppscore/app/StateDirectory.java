package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.files.OwnedTempDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The RocksDB state directory of an in-process run ({@code demo}, {@code bench}): one the command created
 * under {@code java.io.tmpdir} is deleted with everything in it on {@link #close()} (or, when the run is
 * killed, by the next run: {@link OwnedTempDirectory}); one the user named is kept.
 */
final class StateDirectory implements AutoCloseable {

  private final Path path;
  private final Optional<OwnedTempDirectory> owned;

  private StateDirectory(Path path, Optional<OwnedTempDirectory> owned) {
    this.path = path;
    this.owned = owned;
  }

  /**
   * A new directory under {@code java.io.tmpdir}, deleted on close; it holds only the lock file of
   * {@link OwnedTempDirectory}, which Kafka Streams ignores.
   */
  static StateDirectory temporary(String prefix) {
    OwnedTempDirectory dir = OwnedTempDirectory.create(prefix);
    return new StateDirectory(dir.path(), Optional.of(dir));
  }

  /** The directory the user named; close leaves it alone. */
  static StateDirectory given(Path path) {
    return new StateDirectory(path, Optional.empty());
  }

  /**
   * The user's directory when {@code overrides} set {@code state.dir} (or {@code kafka.state.dir}, which
   * Kafka Streams is given last and so wins; the configuration check refuses it, naming state.dir),
   * otherwise a temporary one.
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
    return owned.isPresent();
  }

  /** Deletes a temporary directory and its contents; a failure is logged (with what it left), not thrown. */
  @Override
  public void close() {
    owned.ifPresent(OwnedTempDirectory::close);
  }
}
