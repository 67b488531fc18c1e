package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {

  @Test
  void shouldPrintTheExamplesOnceAfterTheFirstProgressLineThatCountsEverySentEventIn() throws Exception {
    // Given 1,000 events sent, and a pipeline that has read 400, then 1,000, then 1,000 of them
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    CountDownLatch stop = new CountDownLatch(1);
    Iterator<Long> eventsIn = List.of(400L, 1_000L, 1_000L).iterator();
    java.util.function.Supplier<PipelineStats> stats = () -> {
      long in = eventsIn.next();
      if (!eventsIn.hasNext()) {
        stop.countDown();
      }
      return new PipelineStats(Map.of("orders", in), Map.of(), 10, 0, 0, Double.NaN);
    };

    // When the demo follows its progress
    DemoConsole.followProgress(out, stats, stop, null, Duration.ofMillis(1), 1_000,
        () -> out.println("EXAMPLES"));

    // Then the examples come once, right after the line that shows all 1,000 in, not after the 400 line
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
        "[ppscore] events in: orders=400 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0",
        "[ppscore] events in: orders=1,000 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0",
        "EXAMPLES",
        "[ppscore] events in: orders=1,000 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0");
  }
}
