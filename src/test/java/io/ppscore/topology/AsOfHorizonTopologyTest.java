package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.state.UserState;
import io.ppscore.state.Window;
import io.ppscore.state.WindowHorizon;
import io.ppscore.state.avro.ActivityBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The earliest {@code asOf} the API accepts ({@link WindowHorizon}) against the real window stores: at it, every
 * window still reads all of its buckets even after a future-stamped event moved the stores' clocks as far
 * ahead as validation allows; one minute earlier, the 1h window has lost its first bucket.
 */
class AsOfHorizonTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2026-11-22T12:00:00Z");

  private final TopologyHarness harness = new TopologyHarness(WALL_CLOCK);
  private final TopologySettings settings = TopologySettings.from(harness.config);
  private final WindowHorizon horizon = new WindowHorizon(PurchasingPowerTopology.windowStoreRetentions(settings),
      settings.limits().maxFuture());

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldPutTheEarliestAsOfAboutTheGracePeriodBehindTheWatermarkWithTheDefaults() {
    // the 1h window binds: its minute store keeps 1 h + grace (24 h) + max future (24 h) + 1 min behind its clock
    assertThat(horizon.earliestCompleteAsOf(WALL_CLOCK.toEpochMilli())).isEqualTo(Instant.parse("2026-11-21T11:59:00Z"));
  }

  @Test
  void shouldReadEveryWindowCompletelyAtTheEarliestAsOfEvenAfterAFutureStampedEvent() {
    // Given one event at the first bucket of every window at the earliest asOf (and one a minute before the 1h
    // window's), in time order so none is late, then one now, and one stamped as far ahead as validation allows
    Instant earliest = horizon.earliestCompleteAsOf(WALL_CLOCK.toEpochMilli());
    TreeSet<Instant> times = new TreeSet<>();
    for (Window w : Window.values()) {
      if (w.granularity() != null) {
        times.add(w.firstBucket(earliest));
      }
    }
    Instant justBefore = Window.H1.firstBucket(earliest).minus(Duration.ofMinutes(1));
    times.add(justBefore);
    times.add(WALL_CLOCK);
    times.add(WALL_CLOCK.plus(settings.limits().maxFuture()));
    List<Instant> piped = new ArrayList<>(times);
    for (int i = 0; i < piped.size(); i++) {
      harness.clicks.pipeInput("u1", view("e" + i, "u1", piped.get(i), "p1", "1.00"), piped.get(i));
    }
    assertThat(harness.deadLetters.isEmpty()).as("every event accepted").isTrue();

    // When the state is read at the earliest asOf, and a minute before it
    UserState atEarliest = harness.state("u1", earliest).orElseThrow();
    UserState minuteBefore = harness.state("u1", earliest.minus(Duration.ofMinutes(1))).orElseThrow();

    // Then at the earliest asOf every window counts every event in its buckets
    for (Window w : Window.values()) {
      if (w.granularity() != null) {
        assertThat(events(atEarliest, w)).as("events in %s at %s", w.label(), earliest)
            .isEqualTo(piped.stream().filter(t -> inWindow(w, earliest, t)).count());
      }
    }
    // And a minute before, the 1h window has lost its first bucket (expired in the minute store) and counts short
    Instant before = earliest.minus(Duration.ofMinutes(1));
    assertThat(piped.stream().filter(t -> inWindow(Window.H1, before, t)).count()).isEqualTo(2);
    assertThat(events(minuteBefore, Window.H1)).isEqualTo(1);
  }

  private static boolean inWindow(Window w, Instant asOf, Instant t) {
    Instant bucket = w.granularity().bucketStart(t);
    return !bucket.isBefore(w.firstBucket(asOf)) && !bucket.isAfter(w.lastBucket(asOf));
  }

  private static long events(UserState state, Window w) {
    ActivityBucket bucket = state.windows().get(w);
    return bucket == null ? 0 : bucket.getEvents();
  }
}
