package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoStopNoticeTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private List<String> printed() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void shouldSayWhatTheStopWaitsForItsBoundAndHowManyCtrlCsExitAtOnce() {
    // Given a demo stopped by a first Ctrl-C (two more exit at once) with the default shutdown timeout
    // When it starts to stop and its close ends at once
    DemoStopNotice.start(out, Duration.ofSeconds(60), () -> 2, Duration.ofHours(1)).close();

    // Then one line names the wait, its bound and the way out (it said only "closing ppscore, the registry and
    // the broker..." and then nothing for 25 s), and no still-stopping line follows
    assertThat(printed()).containsExactly("Stopping: waiting for Kafka Streams to finish its current work (up to "
        + "60 s, shutdown.timeout.ms), then closing the registry and the broker; Ctrl-C twice more exits at once, "
        + "without finishing the close.");
  }

  @Test
  void shouldCountTheCtrlCsFromNoneWhenTheDurationEndedTheDemoAndOmitThemWhenCtrlCIsNotHandled() {
    // Given a demo ended by --duration (no Ctrl-C yet) and one whose Ctrl-C could not be handled
    // When each starts to stop
    String byDuration = DemoStopNotice.stoppingLine(Duration.ofMillis(2_500), 3);
    String unhandled = DemoStopNotice.stoppingLine(Duration.ofSeconds(60), 0);

    // Then the first counts three Ctrl-Cs, the second names none
    assertThat(byDuration).contains("(up to 2500 ms, shutdown.timeout.ms)").endsWith("; Ctrl-C 3 times exits at "
        + "once, without finishing the close.");
    assertThat(unhandled).endsWith("then closing the registry and the broker.");
  }

  @Test
  void shouldSayOnceThatItIsStillStoppingWhenTheCloseOutlastsTheNoticeDelay() {
    // Given a stop whose close has not ended when the notice delay passes, after a second Ctrl-C
    DemoStopNotice notice = DemoStopNotice.start(out, Duration.ofSeconds(60), () -> 1, Duration.ofMillis(1));

    // When the delay has passed and the close then ends
    await("the still-stopping line").atMost(Duration.ofSeconds(10)).until(() -> printed().size() == 2);
    notice.close();

    // Then one more line says it is still waiting, for what, and how to leave at once
    assertThat(printed()).hasSize(2).element(1).isEqualTo("Still stopping after 1 ms: Kafka Streams may take up to "
        + "60 s (it is finishing the work it had taken on), then the registry and the broker close; Ctrl-C once "
        + "more exits at once, without finishing the close.");
  }
}
