package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The demo's stop condition, asked during the replay, and the port it advertises with --http-port 0. */
class DemoStopAndPortTest {

  @Test
  void shouldRequestAStopOnCtrlCOrAtTheDeadline() {
    // Given a demo with --duration ending at 12:00, at 11:59
    CountDownLatch ctrlC = new CountDownLatch(1);
    Instant deadline = Instant.parse("2026-01-01T12:00:00Z");
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T11:59:00Z"));
    BooleanSupplier stop = DemoCommand.stopRequested(ctrlC, deadline, now::get);
    BooleanSupplier untilCtrlC = DemoCommand.stopRequested(ctrlC, null, now::get);

    // Then nothing asks to stop yet
    assertThat(stop.getAsBoolean()).isFalse();
    assertThat(untilCtrlC.getAsBoolean()).isFalse();

    // When the deadline comes, then the one with a deadline stops
    now.set(deadline);
    assertThat(stop.getAsBoolean()).isTrue();
    assertThat(untilCtrlC.getAsBoolean()).isFalse();

    // When Ctrl-C is pressed, then both stop
    ctrlC.countDown();
    assertThat(untilCtrlC.getAsBoolean()).isTrue();
  }

  @Test
  void shouldTurnCtrlCIntoAStopRequestForTheMainThreadInsteadOfAJvmShutdown() throws Exception {
    // Given the demo's stop installed with its fallback shutdown hook
    SignalsFake signals = new SignalsFake();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    java.util.List<Thread> hooks = new java.util.ArrayList<>();
    java.util.List<Integer> halts = new java.util.ArrayList<>();
    DemoCommand.installStop(stop, closed, signals, hooks::add, halts::add);

    // When Ctrl-C is pressed
    signals.raise("INT");

    // Then the main thread is asked to stop (it closes the app, registry and broker and returns), with no
    // JVM shutdown under way, whose hooks (ONNX Runtime's among them) would run during that close
    assertThat(stop.getCount()).isZero();
    assertThat(hooks).singleElement().satisfies(hook -> assertThat(hook.getState()).isEqualTo(Thread.State.NEW));
    assertThat(halts).isEmpty();
  }

  @Test
  void shouldHaltWithOneWhenKafkaStreamsDidNotStopWithinTheTimeout() {
    // Given a demo whose close left Kafka Streams running (its ONNX sessions left open)
    java.util.List<Integer> halts = new java.util.ArrayList<>();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

    // When the main thread ends it, and when a demo stopped cleanly ends
    int exit = DemoCommand.exitStatus(false, halts::add, new java.io.PrintStream(out, true));
    int clean = DemoCommand.exitStatus(true, halts::add, new java.io.PrintStream(out, true));

    // Then the first says why and halts with 1 instead of going on to System.exit and ONNX Runtime's hook
    assertThat(exit).isEqualTo(1);
    assertThat(halts).containsExactly(1);
    assertThat(out.toString()).contains("did not stop within shutdown.timeout.ms");
    assertThat(clean).isZero();
  }

  @Test
  void shouldAdvertiseTheRealPortWhenGivenHttpPortZero() throws Exception {
    // Given demo --http-port 0
    DemoCommand demo = new DemoCommand();
    demo.httpPort = 0;
    demo.modelDir = "";

    // When its app settings are built
    AppConfig config = demo.demoConfig("localhost:9092", "http://localhost:8081", "/tmp/state");

    // Then a free port was picked, and the endpoint other instances and /v1/info see is that port, not localhost:0
    assertThat(config.httpPort()).isPositive();
    assertThat(config.advertisedEndpoint()).isEqualTo("localhost:" + config.httpPort());
  }

  @Test
  void shouldRefuseRunWithHttpPortZeroAndNoAdvertisedEndpoint() {
    // Given run's command line, with a broker address the admin client would refuse at once
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    // When the API port is left to the system and no advertised endpoint is given
    int exit = cli.execute("run", "--set", "http.auth.enabled=false", "--set", "http.port=0",
        "--set", "kafka.bootstrap.servers=not-a-host-and-port");

    // Then it is refused before Kafka is looked at, naming both keys (it used to advertise localhost:0)
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("http.port=0 (any free port) needs http.advertised.endpoint")
        .doesNotContain("not-a-host-and-port");
  }
}
