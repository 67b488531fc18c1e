package io.ppscore.replay;

import static io.ppscore.replay.Fixtures.REES46_HEADER;
import static io.ppscore.replay.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.replay.ReplayEvent.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplayerTest {

  /** Three views at 00:00:00, 00:01:00 and 00:01:30, then a cart at 00:01:30. */
  private static final ReplaySource FOUR_EVENTS = source(REES46_HEADER + """
      2019-10-01 00:00:00 UTC,view,1,2,,,1.00,u1,s1
      2019-10-01 00:01:00 UTC,view,2,2,,,1.00,u2,s2
      2019-10-01 00:01:30 UTC,view,3,2,,,1.00,u1,s1
      2019-10-01 00:01:30 UTC,cart,3,2,,,1.00,u1,s1
      """);

  private final FakeClock clock = new FakeClock();
  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

  private Replayer.Builder replayer(ReplayTarget target) {
    return Replayer.builder(new Rees46Reader(), target)
        .clock(clock)
        .progressTo(new PrintStream(progress, true, StandardCharsets.UTF_8), false);
  }

  @Test
  void shouldSendEveryEventInFileOrderAndFlush() throws Exception {
    // Given
    RecordingTarget target = new RecordingTarget();

    // When
    ReplayStats stats = replayer(target).build().replay(FOUR_EVENTS);

    // Then
    assertThat(target.sent).extracting(ReplayEvent::kind)
        .containsExactly(Kind.CLICK, Kind.CLICK, Kind.CLICK, Kind.CART);
    assertThat(target.flushes).isEqualTo(1);
    assertThat(stats.sent(Kind.CLICK)).isEqualTo(3);
    assertThat(stats.sentTotal()).isEqualTo(4);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void shouldRebaseSoThatTheLastEventLandsExactlyOnTheTargetKeepingTheGaps() throws Exception {
    // Given
    RecordingTarget target = new RecordingTarget();
    Instant landing = Instant.parse("2030-01-01T12:00:00Z");

    // When
    replayer(target).rebaseTo(landing).build().replay(FOUR_EVENTS);

    // Then
    List<Long> timestamps = target.sent.stream().map(ReplayEvent::timestampMs).toList();
    long end = landing.toEpochMilli();
    assertThat(timestamps).containsExactly(end - 90_000, end - 30_000, end, end);
    assertThat(target.sent).allSatisfy(e ->
        assertThat(eventTime(e).toEpochMilli()).isEqualTo(e.timestampMs()));
  }

  @Test
  void shouldPaceSendsSoThatAMinuteOfEventTimeTakesOneSecondAtSpeedup60() throws Exception {
    // Given
    RecordingTarget target = new RecordingTarget();

    // When
    replayer(target).speedup(60).build().replay(FOUR_EVENTS);

    // Then: 60 s gap -> 1 s, 30 s gap -> 0.5 s, same time -> no wait
    assertThat(clock.sleeps()).containsExactly(TimeUnit.SECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(500));
    assertThat(target.sent).hasSize(4);
  }

  @Test
  void shouldNotWaitForEventsAlreadyDueBecauseTheTargetWasSlow() throws Exception {
    // Given a target that takes 2 s per send
    RecordingTarget target = new RecordingTarget(event -> clock.advanceMillis(2_000));

    // When
    replayer(target).speedup(60).build().replay(FOUR_EVENTS);

    // Then
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void shouldStampEachPacedEventWithItsSendTimeAtSpeedup1() throws Exception {
    // Given a replay paced in real time, rebased to "now", whose first (read-only) pass takes 5 s
    Instant now = Instant.parse("2030-01-01T12:00:00Z");
    List<long[]> stampAndSendMs = new java.util.ArrayList<>();
    RecordingTarget target = new RecordingTarget(event ->
        stampAndSendMs.add(new long[] {event.timestampMs(), now.toEpochMilli() + clock.nanoTime() / 1_000_000}));
    int[] opens = {0};
    ReplaySource slowFirstPass = () -> {
      if (opens[0]++ == 0) {
        clock.advanceMillis(5_000);
      }
      return FOUR_EVENTS.open();
    };

    // When
    replayer(target).speedup(1).rebaseTo(now).build().replay(slowFirstPass);

    // Then the first event lands when the sends start (not 90 s back) and every event at its send time
    assertThat(stampAndSendMs).hasSize(4).allSatisfy(pair -> assertThat(pair[0]).isEqualTo(pair[1]));
    assertThat(stampAndSendMs.get(0)[0]).isEqualTo(now.toEpochMilli() + 5_000);
    assertThat(target.sent.get(3).timestampMs()).isEqualTo(now.toEpochMilli() + 95_000);
  }

  @Test
  void shouldStampTheLastPacedEventWithItsSendTimeAndNoneAheadOfItWhenFaster() throws Exception {
    // Given
    Instant now = Instant.parse("2030-01-01T12:00:00Z");
    List<long[]> stampAndSendMs = new java.util.ArrayList<>();
    RecordingTarget target = new RecordingTarget(event ->
        stampAndSendMs.add(new long[] {event.timestampMs(), now.toEpochMilli() + clock.nanoTime() / 1_000_000}));

    // When 90 s of events are replayed in 1.5 s
    replayer(target).speedup(60).rebaseTo(now).build().replay(FOUR_EVENTS);

    // Then the gaps are kept, the last event is stamped when it is sent and no event is ahead of its send
    assertThat(target.sent).extracting(ReplayEvent::timestampMs).containsExactly(
        now.toEpochMilli() + 1_500 - 90_000, now.toEpochMilli() + 1_500 - 30_000,
        now.toEpochMilli() + 1_500, now.toEpochMilli() + 1_500);
    assertThat(stampAndSendMs).allSatisfy(pair -> assertThat(pair[0]).isLessThanOrEqualTo(pair[1]));
  }

  @Test
  void shouldStopAfterTheLimitAndRebaseTheLastEventSent() throws Exception {
    // Given
    RecordingTarget target = new RecordingTarget();
    Instant landing = Instant.parse("2030-01-01T12:00:00Z");

    // When
    ReplayStats stats = replayer(target).limit(2).rebaseTo(landing).build().replay(FOUR_EVENTS);

    // Then
    assertThat(target.sent).extracting(e -> ((ClickEvent) e.value()).getProductId()).containsExactly("1", "2");
    assertThat(target.sent.get(1).timestampMs()).isEqualTo(landing.toEpochMilli());
    assertThat(stats.sentTotal()).isEqualTo(2);
    assertThat(stats.readTotal()).isEqualTo(2);
  }

  @Test
  void shouldPrintProgressLinesAndASummaryTable() throws Exception {
    // Given a target that takes 300 ms per send, so every send is worth a progress line
    RecordingTarget target = new RecordingTarget(event -> clock.advanceMillis(300));

    // When
    replayer(target).build().replay(FOUR_EVENTS);

    // Then
    List<String> lines = progress.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).startsWith(
        "[#####...............] 25% 1/4 events  3 ev/s  ETA 1s",
        "[##########..........] 50% 2/4 events  3 ev/s  ETA 1s",
        "[###############.....] 75% 3/4 events  3 ev/s  ETA 0s",
        "[####################] 100% 4/4 events  3 ev/s  ETA 0s",
        "Replayed 4 events in 1.2 s (3 ev/s)");
    assertThat(lines).anySatisfy(line -> assertThat(line).matches("  CLICK +3 +3"));
    assertThat(lines).anySatisfy(line -> assertThat(line).matches("  total +4 +4"));
  }

  private static Instant eventTime(ReplayEvent event) {
    return (Instant) event.value().get(event.value().getSchema().getField("event_time").pos());
  }

  @Test
  void shouldFailNamingTheSkipReasonsBeforeSendingWhenEveryRowIsSkipped() {
    // Given the right header but dates as a US spreadsheet writes them: every row is malformed
    RecordingTarget target = new RecordingTarget();
    ReplaySource usDates = source(Fixtures.RETAIL_HEADER + """
        489434,85048,GLASS BALL,12,12/1/2009 7:45,6.95,13085.0,United Kingdom
        489435,22350,CAT BOWL,12,12/1/2009 7:46,2.55,13085.0,United Kingdom
        """);

    // When / Then: it fails (it used to replay nothing and return normally), and nothing was sent
    assertThatThrownBy(() -> Replayer.builder(new OnlineRetailReader(), target).clock(clock)
        .progressTo(new PrintStream(progress, true, StandardCharsets.UTF_8), false).build().replay(usDates))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no events read from " + usDates + ", everything was skipped: 2 rows skipped: malformed row");
    assertThat(target.sent).isEmpty();
    assertThat(target.flushes).isZero();
  }

  @Test
  void shouldReplayNothingWithoutFailingForAHeaderOnlyFileOrALimitOfZero() throws Exception {
    // Given
    RecordingTarget target = new RecordingTarget();

    // When
    ReplayStats empty = replayer(target).build().replay(source(REES46_HEADER));
    ReplayStats none = replayer(target).limit(0).build().replay(FOUR_EVENTS);

    // Then
    assertThat(empty.sentTotal()).isZero();
    assertThat(none.sentTotal()).isZero();
    assertThat(target.sent).isEmpty();
  }

  @Test
  void shouldStopBeforeTheNextEventOnceTheStopConditionHoldsAndFlushWhatWasSent() throws Exception {
    // Given a stop requested (Ctrl-C, say) once two events are sent
    RecordingTarget target = new RecordingTarget();

    // When
    ReplayStats stats = replayer(target).stopWhen(() -> target.sent.size() >= 2).build().replay(FOUR_EVENTS);

    // Then the replay ends there, with what it sent flushed and counted
    assertThat(target.sent).hasSize(2);
    assertThat(target.flushes).isEqualTo(1);
    assertThat(stats.sentTotal()).isEqualTo(2);
  }

  @Test
  void shouldEndALongPacedWaitSoonAfterTheStopConditionHolds() throws Exception {
    // Given real-time pacing (the second event is a minute after the first) and a deadline 1 s into the replay
    RecordingTarget target = new RecordingTarget();
    long deadline = TimeUnit.SECONDS.toNanos(1);

    // When
    replayer(target).speedup(1).stopWhen(() -> clock.nanoTime() >= deadline).build().replay(FOUR_EVENTS);

    // Then it waited in slices of at most 100 ms and stopped at the deadline, not a minute later, sending
    // nothing more
    assertThat(target.sent).hasSize(1);
    assertThat(clock.sleeps()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100)));
    assertThat(clock.nanoTime()).isEqualTo(deadline);
  }
}
