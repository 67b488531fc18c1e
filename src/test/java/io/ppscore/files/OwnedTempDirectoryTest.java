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
  void shouldKeepDirectoriesThatAreNotOwnedOrJustCreatedOrOfAnotherPrefix() throws IOException {
    // one without a lock file (another tool's, or an older build's); one whose unlocked lock file is seconds
    // old (a run between creating its lock file and locking it); one with another prefix
    Path noLockFile = Files.createDirectory(parent.resolve("ppscore-test-foreign"));
    Path fresh = Files.createDirectory(parent.resolve("ppscore-test-starting"));
    Files.writeString(fresh.resolve(OwnedTempDirectory.LOCK_FILE), "");
    Path otherPrefix = Files.createDirectory(parent.resolve("other-old"));
    Files.setLastModifiedTime(Files.writeString(otherPrefix.resolve(OwnedTempDirectory.LOCK_FILE), ""),
        FileTime.from(TWO_MINUTES_AGO));

    assertThat(OwnedTempDirectory.sweep(parent, "ppscore-test-")).isZero();

    assertThat(noLockFile).isDirectory();
    assertThat(fresh).isDirectory();
    assertThat(otherPrefix).isDirectory();
  }

  @Test
  void shouldKeepItsOwnDirectoryLockedWhenItSweepsSoAnotherProcessCannotDeleteIt() throws Exception {
    // Given a directory this process owns, and this process sweeping and creating another of the same prefix
    // (a POSIX lock is lost on closing any descriptor of the file: testing its own lock file would drop it)
    try (OwnedTempDirectory live = OwnedTempDirectory.create(parent, "ppscore-test-")) {
      assertThat(OwnedTempDirectory.sweep(parent, "ppscore-test-", Duration.ZERO)).isZero();
      OwnedTempDirectory.create(parent, "ppscore-test-").close();

      // When another process sweeps, taking lock files of any age as old enough
      String output = runJava(SweepFromAnotherProcess.class.getName(), parent.toString(), "ppscore-test-");

      // Then it found the directory still locked and left it
      assertThat(output.strip()).endsWith("deleted 0");
      assertThat(live.path()).isDirectory();
    }
  }

  private static String runJava(String mainClass, String... args) throws IOException, InterruptedException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
        mainClass));
    command.addAll(java.util.List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output;
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
