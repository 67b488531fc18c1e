package io.ppscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibilityLatenciesTest {

  private static final long PHASE_START = 1_000;

  @Test
  void shouldSampleEveryPacedEventAScoreCoversFromItsOwnSend() {
    // Given three paced events of user u sent (and stamped) at 1,000, 1,100 and 1,200 ms, one of v at 1,150
    PacedSends sends = new PacedSends();
    sends.record("u", 1_000);
    sends.record("u", 1_100);
    sends.record("v", 1_150);
    sends.record("u", 1_200);
    VisibilityLatencies latencies = new VisibilityLatencies(sends, PHASE_START);

    // When one score of u triggered by its 1,100 event is visible at 1,500, and a later one triggered at 1,200 at 1,700
    latencies.scoreVisible("u", 1_100, 1_500);
    latencies.scoreVisible("u", 1_200, 1_700);

    // Then each of u's events is sampled once, from its own send: 500 and 400 by the first score, 500 by the second
    assertThat(latencies.perEvent()).containsExactly(500, 400, 500);
    // and per score, as before, one sample each from the triggering event
    assertThat(latencies.perScore()).containsExactly(400, 500);
    // and v's event, which no score of v covered, is still pending
    assertThat(sends.pending()).isEqualTo(1);
  }

  @Test
  void shouldNotCountAnEventSentAfterTheScoresTriggeringEvent() {
    // Given events of u sent at 1,000 and 1,300
    PacedSends sends = new PacedSends();
    sends.record("u", 1_000);
    sends.record("u", 1_300);
    VisibilityLatencies latencies = new VisibilityLatencies(sends, PHASE_START);

    // When a score triggered by the first is visible at 1,350 (the second was not in it)
    latencies.scoreVisible("u", 1_000, 1_350);

    // Then only the first is sampled, and a score again covering nothing new adds no per-event sample
    assertThat(latencies.perEvent()).containsExactly(350);
    latencies.scoreVisible("u", 1_000, 1_400);
    assertThat(latencies.perEvent()).containsExactly(350);
    assertThat(sends.pending()).isEqualTo(1);
  }

  @Test
  void shouldCountPerScoreOnlyScoresTriggeredInThePhase() {
    // Given no paced sends
    VisibilityLatencies latencies = new VisibilityLatencies(new PacedSends(), PHASE_START);

    // When a score triggered before the phase (a max-rate event) becomes visible
    latencies.scoreVisible("w", 900, 1_200);

    // Then it is neither a per-score nor a per-event sample
    assertThat(latencies.perScore()).isEmpty();
    assertThat(latencies.perEvent()).isEmpty();
  }

  @Test
  void shouldReportTheAchievedRateFromTheFirstSendToTheLast() {
    // Given 5 sends at 1,000 to 1,400 ms, 100 ms apart (a 10 events/s schedule)
    PacedSends sends = new PacedSends();
    for (int i = 0; i < 5; i++) {
      sends.record("u" + i, 1_000 + 100L * i);
    }

    // Then the achieved rate is 10 events/s (4 intervals in 0.4 s), and NaN with a single send
    assertThat(sends.sent()).isEqualTo(5);
    assertThat(sends.achievedPerSecond()).isEqualTo(10.0);
    PacedSends one = new PacedSends();
    one.record("u", 1_000);
    assertThat(one.achievedPerSecond()).isNaN();
  }
}
