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
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DemoConsoleTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final CountDownLatch stop = new CountDownLatch(1);

  /** A pipeline that has read these many events at successive lines; the last one stops the demo. */
  private Supplier<PipelineStats> eventsIn(Long... counts) {
    Iterator<Long> eventsIn = List.of(counts).iterator();
    return () -> {
      long in = eventsIn.next();
      if (!eventsIn.hasNext()) {
        stop.countDown();
      }
      return new PipelineStats(Map.of("orders", in), Map.of(), 10, 0, 0, Double.NaN);
    };
  }

  /** A clock at 0 s, then 5 s, 10 s, ... at successive reads. */
  private static LongSupplier everyFiveSeconds() {
    long[] reads = {0};
    return () -> Duration.ofSeconds(5 * Math.max(0, reads[0]++ - 1)).toNanos();
  }

  private List<String> printed() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void shouldPrintTheExamplesOnceAfterTheFirstProgressLineThatCountsEverySentEventIn() throws Exception {
    // Given 1,000 events sent, a pipeline that has read 400, then 1,000, then 1,000 of them, 5 s apart,
    // and example users never found in state
    // When the demo follows its progress
    DemoConsole.followProgress(out, eventsIn(400L, 1_000L, 1_000L), stop, null, Duration.ofMillis(1), 1_000,
        () -> false, () -> out.println("EXAMPLES"), everyFiveSeconds());

    // Then each line shows the events in of those sent and, from the second, the rate since the line before;
    // the examples come once, right after the line that shows all 1,000 in, not after the 400 line
    assertThat(printed()).containsExactly(
        "[ppscore] events in: 400/1,000 (40 %) orders=400 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0",
        "[ppscore] events in: 1,000/1,000 (100 %, 120/s) orders=1,000 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0",
        "EXAMPLES",
        "[ppscore] events in: 1,000/1,000 (100 %, 0/s) orders=1,000 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0");
  }

  @Test
  void shouldPrintTheExamplesAsSoonAsTheirUsersAreInStateBeforeEveryEventIs() throws Exception {
    // Given 18,646 events sent, of which 2,231 are in at the first line and 4,000 at the second, when the
    // example users are found in state
    Iterator<Boolean> examplesIn = List.of(false, true).iterator();

    // When the demo follows its progress
    DemoConsole.followProgress(out, eventsIn(2_231L, 4_000L, 6_000L), stop, null, Duration.ofMillis(1), 18_646,
        examplesIn::next, () -> out.println("EXAMPLES"), everyFiveSeconds());

    // Then the examples follow the second line, long before all events are in (they used to wait for that)
    assertThat(printed()).hasSize(4).element(0).asString()
        .startsWith("[ppscore] events in: 2,231/18,646 (11 %) orders=2,231 |");
    assertThat(printed().get(2)).isEqualTo("EXAMPLES");
    assertThat(printed().get(1)).startsWith("[ppscore] events in: 4,000/18,646 (21 %, 354/s) orders=4,000 |");
  }

  @Test
  void shouldPrintAProgressLineOnlyWhenOneOfItsFiguresChanged() throws Exception {
    // Given 1,000 events sent, all read by the second line, and nothing changing over the four lines after it
    // When the demo follows its progress
    DemoConsole.followProgress(out, eventsIn(400L, 1_000L, 1_000L, 1_000L, 1_000L, 1_000L), stop, null,
        Duration.ofMillis(1), 1_000, () -> true, () -> { }, everyFiveSeconds());

    // Then the line whose rate fell to 0/s is printed once and its repeats are not (they came every 5 s for ever)
    assertThat(printed()).containsExactly(
        "[ppscore] events in: 400/1,000 (40 %) orders=400 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0",
        "[ppscore] events in: 1,000/1,000 (100 %, 120/s) orders=1,000 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0",
        "[ppscore] events in: 1,000/1,000 (100 %, 0/s) orders=1,000 | dead letters: 0 | users in state: 10 | scores out: 0 | risk flags: 0");
  }

  @Test
  void shouldNameEverySampleWhoseCurrencyIsNotTheModels() {
    // When the model was trained on GBP (the committed one), on USD (a --model-dir), on EUR, and the demo's
    // Currency line is made
    // Then it names the samples in another currency: the REES46 one, the Online Retail one (it used to be
    // printed only for a model not trained on USD), both
    assertThat(DemoConsole.currencyLine("GBP")).contains("  Currency                : the REES46 events are in USD, "
        + "the model was trained on GBP amounts: those users are scored with their amounts unconverted (README, Currency)");
    assertThat(DemoConsole.currencyLine("USD")).contains("  Currency                : the Online Retail events are in "
        + "GBP, the model was trained on USD amounts: those users are scored with their amounts unconverted (README, Currency)");
    assertThat(DemoConsole.currencyLine("EUR")).hasValueSatisfying(line -> assertThat(line)
        .contains("the Online Retail events are in GBP and the REES46 events in USD, the model was trained on EUR amounts"));
    assertThat(DemoConsole.foreignSamples("USD")).containsExactly(Map.entry("Online Retail", "GBP"));
  }
}
