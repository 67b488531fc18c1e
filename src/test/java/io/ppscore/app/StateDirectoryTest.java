package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void shouldDeleteATemporaryDirectoryWithEverythingInItOnClose() throws IOException {
    // Given a temporary state directory holding what Kafka Streams leaves (task dirs, RocksDB files, a lock)
    Path path;
    try (StateDirectory state = StateDirectory.temporary("ppscore-test-state")) {
      path = state.path();
      assertThat(path).isDirectory().hasParentRaw(Path.of(System.getProperty("java.io.tmpdir")));
      Path rocks = Files.createDirectories(path.resolve("ppscore-demo/0_1/rocksdb/user-day-buckets"));
      Files.writeString(rocks.resolve("000012.sst"), "data");
      Files.writeString(path.resolve("ppscore-demo/.lock"), "");
    }

    // Then closing removed all of it
    assertThat(path).doesNotExist();
  }

  @Test
  void shouldKeepADirectoryTheUserGave() throws IOException {
    Files.writeString(dir.resolve("000012.sst"), "data");

    try (StateDirectory state = StateDirectory.given(dir)) {
      assertThat(state.isTemporary()).isFalse();
    }

    assertThat(dir.resolve("000012.sst")).exists();
  }

  @Test
  void shouldTakeTheBenchUsersStateDirFromEitherSettingAndKeepIt() {
    StateDirectory plain = StateDirectory.fromOverrides(Map.of("state.dir", dir.toString()), "ppscore-test-state");
    StateDirectory kafka = StateDirectory.fromOverrides(Map.of("state.dir", "/elsewhere", "kafka.state.dir",
        dir.toString()), "ppscore-test-state");

    assertThat(plain.isTemporary()).isFalse();
    assertThat(plain.path()).isEqualTo(dir);
    // kafka.state.dir reaches Kafka Streams last, so it is the one in use
    assertThat(kafka.path()).isEqualTo(dir);
    plain.close();
    kafka.close();
    assertThat(dir).isDirectory();
  }

  @Test
  void shouldCreateATemporaryOneWithoutEitherSetting() {
    try (StateDirectory state = StateDirectory.fromOverrides(Map.of("commit.interval.ms", "1000"), "ppscore-test-state")) {
      assertThat(state.isTemporary()).isTrue();
      assertThat(state.path().getFileName().toString()).startsWith("ppscore-test-state");
    }
  }

  @Test
  void shouldIgnoreADirectoryThatIsAlreadyGone() throws IOException {
    StateDirectory state = StateDirectory.temporary("ppscore-test-state");
    io.ppscore.files.FileOps.deleteTree(state.path());

    state.close();

    assertThat(state.path()).doesNotExist();
  }
}
