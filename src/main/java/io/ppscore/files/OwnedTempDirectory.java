package io.ppscore.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory under {@code java.io.tmpdir} that a run of {@code demo} or {@code bench} owns (its broker's
 * logs, its RocksDB state: hundreds of MB). The run holds an OS file lock on {@value #LOCK_FILE} inside it
 * for as long as it lives, and deletes the directory on {@link #close()}.
 *
 * <p>A run that is killed ({@code kill -9}, the machine's OOM killer, a closed terminal) never reaches
 * {@code close()}, but the operating system releases its lock. So before creating a directory,
 * {@link #create} deletes the directories with the same prefix whose lock nobody holds: the leftovers of
 * runs that are gone. A lock is tested, not a process id, because ids are reused and differ between
 * containers that share a temporary directory. Directories without the lock file (made by something else,
 * or by a build before this one) are left alone, and so are lock files younger than a minute: a run that
 * is starting creates its lock file a moment before it takes the lock.
 */
public final class OwnedTempDirectory implements AutoCloseable {

  /** The file whose lock marks a live owner. */
  public static final String LOCK_FILE = ".ppscore-owner.lock";

  private static final Logger LOG = LoggerFactory.getLogger(OwnedTempDirectory.class);
  private static final Duration MIN_AGE = Duration.ofMinutes(1);
  /**
   * The lock files this process holds. Its own directories are recognised here, before any file is opened:
   * the OS lock is a POSIX record lock, which a process loses on closing ANY descriptor of the file, so
   * even opening its own lock file to test it would release the lock and let another process delete the
   * directory in use.
   */
  private static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private OwnedTempDirectory(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Deletes abandoned directories named {@code prefix*} under {@code java.io.tmpdir}, then creates and
   * locks a new one.
   *
   * @throws UncheckedIOException when the directory cannot be created or locked
   */
  public static OwnedTempDirectory create(String prefix) {
    return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  /** As {@link #create(String)}, under {@code parent}. */
  public static OwnedTempDirectory create(Path parent, String prefix) {
    sweep(parent, prefix);
    Path dir = null;
    FileChannel channel = null;
    try {
      dir = Files.createTempDirectory(parent, prefix);
      channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IOException("the lock on " + dir.resolve(LOCK_FILE) + " is held by another process");
      }
      OWNED.add(lockPath(dir));
      return new OwnedTempDirectory(dir, channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      if (dir != null) {
        deleteQuietly(dir);
      }
      throw new UncheckedIOException("cannot create a temporary directory under " + parent, e);
    }
  }

  /**
   * Deletes each directory {@code prefix*} directly under {@code parent} that has a {@value #LOCK_FILE} no
   * process holds a lock on. Returns how many it deleted; failures are logged, not thrown.
   */
  public static int sweep(Path parent, String prefix) {
    return sweep(parent, prefix, MIN_AGE);
  }

  /** As {@link #sweep(Path, String)}, leaving lock files younger than {@code minAge}. */
  static int sweep(Path parent, String prefix, Duration minAge) {
    int deleted = 0;
    try (DirectoryStream<Path> candidates = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path dir : candidates) {
        if (Files.isDirectory(dir) && abandoned(dir, minAge)) {
          if (deleteQuietly(dir)) {
            LOG.info("Deleted {}, left behind by an earlier run that did not stop cleanly", dir);
            deleted++;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not look for directories left behind by earlier runs in {}: {}", parent, e.toString());
    }
    return deleted;
  }

  /**
   * True when {@code dir} is not this process's, has a lock file at least {@code minAge} old, and this
   * process could take its lock (then released at once).
   */
  static boolean abandoned(Path dir, Duration minAge) {
    Path lockFile = dir.resolve(LOCK_FILE);
    if (OWNED.contains(lockPath(dir))) {
      return false;
    }
    try {
      if (!Files.isRegularFile(lockFile)
          || Files.getLastModifiedTime(lockFile).toInstant().isAfter(Instant.now().minus(minAge))) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false;
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // this very process owns it
    } catch (IOException e) {
      return false;
    }
  }

  public Path path() {
    return path;
  }

  private static Path lockPath(Path dir) {
    return dir.toAbsolutePath().normalize().resolve(LOCK_FILE);
  }

  /** Releases the lock and deletes the directory with everything in it; a failure is logged, not thrown. */
  @Override
  public void close() {
    OWNED.remove(lockPath(path));
    try {
      lock.release();
    } catch (IOException e) {
      LOG.debug("Releasing the lock of {} failed", path, e);
    }
    closeQuietly(channel);
    deleteQuietly(path);
  }

  private static boolean deleteQuietly(Path dir) {
    try {
      FileOps.deleteTree(dir);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not delete {}: {}", dir, e.toString());
      return false;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("Closing a lock file failed", e);
    }
  }
}
