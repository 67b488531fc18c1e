package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopSignalsTest {

  @Test
  void shouldRequestTheStopOnTheFirstSignalAndIgnoreTheSecond() throws Exception {
    // Given the handlers installed
    SignalsFake signals = new SignalsFake();
    AtomicInteger stops = new AtomicInteger();
    List<Integer> halts = new CopyOnWriteArrayList<>();
    boolean installed = StopSignals.install(signals, stops::incrementAndGet, halts::add);

    // When SIGTERM comes, then the stop is requested, nothing exits
    signals.raise("TERM");
    assertThat(installed).isTrue();
    assertThat(stops).hasValue(1);

    // When a Ctrl-C follows during the close, then it is only logged
    signals.raise("INT");
    assertThat(stops).hasValue(1);
    assertThat(halts).isEmpty();
  }

  @Test
  void shouldExitAtOnceOnTheThirdSignalWithTheSignalsStatus() throws Exception {
    // Given Ctrl-C pressed twice
    SignalsFake signals = new SignalsFake();
    List<Integer> halts = new CopyOnWriteArrayList<>();
    StopSignals.install(signals, () -> { }, halts::add);
    signals.raise("INT");
    signals.raise("INT");

    // When pressed a third time
    signals.raise("INT");

    // Then the JVM halts with 128 + SIGINT's number
    assertThat(halts).containsExactly(130);
  }

  @Test
  void shouldCountTheSignalsLeftBeforeTheForcedExit() throws Exception {
    // Given the handlers installed
    SignalsFake signals = new SignalsFake();
    StopSignals handled = StopSignals.handle(signals, () -> { }, status -> { }).orElseThrow();

    // When no signal, then one, then two come
    int before = handled.untilForcedExit();
    signals.raise("INT");
    int afterOne = handled.untilForcedExit();
    signals.raise("TERM");

    // Then three, two and one more signals exit at once (the demo's stopping line names that count)
    assertThat(List.of(before, afterOne, handled.untilForcedExit())).containsExactly(3, 2, 1);
  }

  @Test
  void shouldReportSignalsItCannotHandle() {
    // Given a JVM started with -Xrs, which refuses handlers for TERM and INT
    StopSignals.Installer refusing = (signal, handler) -> {
      throw new IllegalArgumentException("Signal already used by VM or OS: SIG" + signal);
    };

    // When, then install says so (the caller's shutdown hook stays the way ppscore stops)
    assertThat(StopSignals.install(refusing, () -> { }, status -> { })).isFalse();
  }
}
