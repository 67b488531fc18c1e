package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @TempDir
  Path dir;

  @Test
  void shouldExitWithOneWhenKafkaStreamsEndsOnItsOwn() throws Exception {
    // Given a run waiting for its end
    CompletableFuture<String> streamsEnded = new CompletableFuture<>();
    var waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = waiter.submit(() -> RunCommand.awaitEnd(streamsEnded, new CompletableFuture<>()));

      // When Kafka Streams goes to ERROR
      streamsEnded.complete("Kafka Streams went from RUNNING to ERROR");

      // Then the process exits non-zero (Main's System.exit runs the shutdown hook, which closes the app)
      assertThat(exit.get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(1);
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void shouldExitWithZeroOnceTheShutdownHookHasClosedTheApp() throws Exception {
    int exit = RunCommand.awaitEnd(new CompletableFuture<>(), CompletableFuture.completedFuture(null));

    assertThat(exit).isZero();
  }

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
}
