package io.ppscore.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnedTempDirectoryTest {

  private static final Instant TWO_MINUTES_AGO = Instant.now().minus(Duration.ofMinutes(2));

  @TempDir
  Path parent;

  @Test
  void shouldDeleteTheDirectoryWithEverythingInItOnClose() throws IOException {
    Path path;
    try (OwnedTempDirectory dir = OwnedTempDirectory.create(parent, "ppscore-test-")) {
      path = dir.path();
      assertThat(path.getFileName().toString()).startsWith("ppscore-test-");
      assertThat(path.resolve(OwnedTempDirectory.LOCK_FILE)).isRegularFile();
      Files.writeString(Files.createDirectories(path.resolve("broker/logs")).resolve("00000.log"), "data");
    }

    assertThat(path).doesNotExist();
  }

  @Test
  void shouldDeleteTheDirectoryOfAKilledRunButNotOfALiveOne() throws Exception {
    // Given a directory whose lock another process holds
    Path abandoned = Files.createDirectory(parent.resolve("ppscore-test-killed"));
    Files.writeString(abandoned.resolve("000012.sst"), "data");
    Path lockFile = abandoned.resolve(OwnedTempDirectory.LOCK_FILE);
    Process owner = holdLock(lockFile);
    try {
      Files.setLastModifiedTime(lockFile, FileTime.from(TWO_MINUTES_AGO));

      // Then the sweep leaves it while that process lives
      assertThat(OwnedTempDirectory.sweep(parent, "ppscore-test-")).isZero();
      assertThat(abandoned).isDirectory();

      // When the process is killed (no chance to clean up), the next sweep deletes it
      owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertThat(OwnedTempDirectory.sweep(parent, "ppscore-test-")).isEqualTo(1);
      assertThat(abandoned).doesNotExist();
    } finally {
      owner.destroyForcibly();
    }
  }

  @Test
  void shouldSweepLeftoversBeforeCreatingANewDirectory() throws IOException {
    Path leftover = Files.createDirectory(parent.resolve("ppscore-test-old"));
    Files.setLastModifiedTime(Files.writeString(leftover.resolve(OwnedTempDirectory.LOCK_FILE), ""),
        FileTime.from(TWO_MINUTES_AGO));

    try (OwnedTempDirectory dir = OwnedTempDirectory.create(parent, "ppscore-test-")) {
      assertThat(leftover).doesNotExist();
      assertThat(dir.path()).isDirectory();
    }
  }

  @Test
  void shouldKeepDirectoriesThisProcessOwnsOrThatAreNotOwnedOrJustCreated() throws IOException {
    // one this process holds; one without a lock file (another tool's, or an older build's);
    // one whose unlocked lock file is seconds old (a run between creating its lock file and locking it);
    // one with another prefix
    Path noLockFile = Files.createDirectory(parent.resolve("ppscore-test-foreign"));
    Path fresh = Files.createDirectory(parent.resolve("ppscore-test-starting"));
    Files.writeString(fresh.resolve(OwnedTempDirectory.LOCK_FILE), "");
    Path otherPrefix = Files.createDirectory(parent.resolve("other-old"));
    Files.setLastModifiedTime(Files.writeString(otherPrefix.resolve(OwnedTempDirectory.LOCK_FILE), ""),
        FileTime.from(TWO_MINUTES_AGO));

    try (OwnedTempDirectory live = OwnedTempDirectory.create(parent, "ppscore-test-")) {
      Files.setLastModifiedTime(live.path().resolve(OwnedTempDirectory.LOCK_FILE), FileTime.from(TWO_MINUTES_AGO));

      assertThat(OwnedTempDirectory.sweep(parent, "ppscore-test-")).isZero();
      assertThat(live.path()).isDirectory();
    }
    assertThat(noLockFile).isDirectory();
    assertThat(fresh).isDirectory();
    assertThat(otherPrefix).isDirectory();
  }

  /** Starts a JVM that locks {@code lockFile} and waits; returns once it holds the lock. */
  private static Process holdLock(Path lockFile) throws IOException, InterruptedException {
    Path source = lockFile.getParent().getParent().resolve("HoldLock.java");
    Files.writeString(source, """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class HoldLock {
          public static void main(String[] a) throws Exception {
            FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            c.lock();
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
          }
        }
        """);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process = new ProcessBuilder(java, source.toString(), lockFile.toString())
        .redirectErrorStream(true).start();
    String line = new String(process.getInputStream().readNBytes("locked".length()));
    assertThat(line).as("the helper process took the lock").isEqualTo("locked");
    return process;
  }
}
