package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @TempDir
  Path dir;

  @Test
  void shouldRefuseAnUnusableKeystoreBeforeLookingForKafka() {
    // Given TLS with a keystore that does not exist, and a broker address the admin client refuses at once
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    // When
    int exit = cli.execute("run", "--set", "http.auth.enabled=false", "--set", "http.tls.enabled=true",
        "--set", "http.tls.keystore.location=" + dir.resolve("missing.p12"),
        "--set", "kafka.bootstrap.servers=not-a-host-and-port");

    // Then the keystore is what fails, first
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("cannot load HTTP keystore", "missing.p12").doesNotContain("not-a-host-and-port");
  }

  @Test
  void shouldRefuseAModelDirWithoutAModelBeforeLookingForKafka() {
    // Given a model.dir that holds no manifest, and a broker address the admin client refuses at once
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    // When
    int exit = cli.execute("run", "--set", "http.auth.enabled=false", "--set", "model.dir=" + dir,
        "--set", "kafka.bootstrap.servers=not-a-host-and-port");

    // Then the missing model is what fails, in one line naming the path (it used to be a WARN and a run without scores)
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("ppscore run: model.dir=" + dir + ": no model at " + dir.toAbsolutePath())
        .doesNotContain("not-a-host-and-port");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void shouldRefuseTheStreamsGroupProtocolWithSeveralStreamThreadsBeforeLookingForKafka() {
    // Given run's command line, with a broker address the admin client refuses at once
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    // When the streams group protocol is combined with two stream threads
    int exit = cli.execute("run", "--set", "http.auth.enabled=false", "--set", "kafka.group.protocol=streams",
        "--set", "num.stream.threads=2", "--set", "kafka.bootstrap.servers=not-a-host-and-port");

    // Then it is refused in one line naming both keys and why (queries would lose partitions), before Kafka
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("kafka.group.protocol=streams with num.stream.threads=2",
        "interactive queries would lose the other threads' partitions").doesNotContain("not-a-host-and-port");
    assertThat(err.toString().lines().count()).isEqualTo(1);
  }

  @Test
  void shouldLetTheStreamsGroupProtocolWithOneStreamThreadAndTheClassicOneWithSeveralPass() {
    // Given the streams protocol with one thread, and the classic protocol with four
    var streamsOneThread = new io.ppscore.config.AppConfig(java.util.Map.of("kafka.group.protocol", "streams"));
    var classicFourThreads = new io.ppscore.config.AppConfig(java.util.Map.of("kafka.group.protocol", "classic",
        "num.stream.threads", "4"));

    // Then neither is refused
    org.assertj.core.api.Assertions.assertThatCode(() -> {
      StreamsProtocolThreads.requireQueryable(streamsOneThread);
      StreamsProtocolThreads.requireQueryable(classicFourThreads);
    }).doesNotThrowAnyException();
  }
}
