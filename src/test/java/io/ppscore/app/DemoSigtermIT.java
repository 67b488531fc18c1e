package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar's {@code demo}, stopped by SIGTERM ({@link Process#destroy()} on Linux) while it scores.
 * The JVM's own SIGTERM action started its shutdown, in which ONNX Runtime's shutdown hook freed its native
 * environment concurrently with the close under a stream thread still scoring: sometimes a SIGSEGV (exit
 * 134, an hs_err file), always exit 143. Now the main thread closes everything first and exits 0.
 */
class DemoSigtermIT {

  private static final Path JAR = Path.of("target", "ppscore.jar");
  private static final Pattern SCORING = Pattern.compile("scores out: [1-9]");

  @TempDir
  Path workDir;

  @Test
  void shouldCloseAndExitZeroOnSigtermWhileScoring() throws Exception {
    // Given the demo, run as a user runs it, scoring the replayed sample
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // its temporary files (the demo's log, state and broker directories) and any crash report in the test's
    // directory, deleted with it; Kafka Streams given its default 60 s to stop (stopped while it catches up on the sample, it took 13-22 s on 2 cores), inside this test's 120 s wait
    Process demo = new ProcessBuilder(java, "-Xmx1g", "-Djava.io.tmpdir=" + workDir.toAbsolutePath(),
        "-XX:ErrorFile=" + workDir.resolve("hs_err_%p.log").toAbsolutePath(),
        "-jar", JAR.toAbsolutePath().toString(), "demo",
        "--kafka-port", "0", "--registry-port", "0", "--http-port", "0", "--progress-interval", "500ms",
        "--model-dir", Path.of("models").toAbsolutePath().toString(), "--duration", "120s",
        "--set", "shutdown.timeout.ms=60000")
        // to a file: Process.destroy() closes the pipes, and the lines printed while stopping would be lost
        .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(workDir.resolve("out.txt").toFile())
        .start();
    try {
      await("the demo scoring").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
          .until(() -> SCORING.matcher(output()).find() || !demo.isAlive());
      assertThat(demo.isAlive()).as("the demo runs: %s", output()).isTrue();

      // When it gets SIGTERM (docker stop, a pod deletion)
      demo.destroy();

      // Then it closes ppscore, the registry and the broker, says so and exits 0, without a crash; its stopping
      // line names the wait, the configured bound and the two more signals that exit at once
      assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("exited: %s", output()).isTrue();
      assertThat(demo.exitValue()).as("exit status; output: %s", output()).isZero();
      assertThat(output().lines()).contains("Stopping: waiting for Kafka Streams to finish its current work (up to "
          + "60 s, shutdown.timeout.ms), then closing the registry and the broker; Ctrl-C twice more exits at once, "
          + "without finishing the close.");
      assertThat(output().lines()).anyMatch(line -> line.startsWith("Demo stopped."));
      try (Stream<Path> files = Files.list(workDir)) {
        assertThat(files.map(Path::getFileName).map(Path::toString)).noneMatch(name -> name.startsWith("hs_err"));
      }
    } finally {
      demo.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private String output() throws java.io.IOException {
    return Files.readString(workDir.resolve("out.txt"), StandardCharsets.UTF_8);
  }
}
