package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFileTest {

  @TempDir
  Path dir;

  private long filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.count();
    }
  }

  @Test
  void shouldCreateTheMissingDirectoriesWhenPrepared() throws IOException {
    // When
    OutputFile file = OutputFile.prepare("--out", dir.resolve("a/b/scores.csv"));

    // Then the directory is there before anything is written
    assertThat(dir.resolve("a/b")).isDirectory();
    assertThat(file.path()).isEqualTo(dir.resolve("a/b/scores.csv").toAbsolutePath());
    assertThat(filesIn(dir.resolve("a/b"))).isZero();
  }

  @Test
  void shouldRefuseAPathThroughARegularFileNamingIt() throws IOException {
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");

    assertThatThrownBy(() -> OutputFile.prepare("--out", blocker.resolve("sub/scores.csv")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--out " + blocker.resolve("sub/scores.csv"))
        .hasMessageContaining(blocker + " is not a directory");
  }

  @Test
  void shouldRefuseADirectoryAsTheFile() {
    assertThatThrownBy(() -> OutputFile.prepare("--out", dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--out " + dir + ": is a directory, not a file");
  }

  @Test
  void shouldReplaceAnExistingFileWithTheWholeNewContent() throws IOException {
    Path target = Files.writeString(dir.resolve("bench.json"), "an older and longer content\n");

    OutputFile.prepare("--out", target).write(w -> w.write("{}\n"));

    assertThat(target).hasContent("{}");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void shouldLeaveTheExistingFileAsItWasWhenWritingFails() throws IOException {
    // Given yesterday's scores
    Path target = Files.writeString(dir.resolve("scores.csv"), "customer_id,score\n42,99.0\n");
    OutputFile file = OutputFile.prepare("--out", target);

    // When writing fails half-way
    assertThatThrownBy(() -> file.write(w -> {
      w.write("customer_id,score\n7,");
      w.flush();
      throw new IOException("disk full");
    })).hasMessage("disk full");

    // Then the old file is whole and no temporary file is left
    assertThat(target).hasContent("customer_id,score\n42,99.0");
    assertThat(filesIn(dir)).isEqualTo(1);
  }

  @Test
  void shouldNotLeaveAHalfWrittenFileWhereThereWasNone() {
    Path target = dir.resolve("scores.csv");
    OutputFile file = OutputFile.prepare("--out", target);

    assertThatThrownBy(() -> file.write(w -> {
      w.write("customer_id,");
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class);

    assertThat(target).doesNotExist();
  }
}
