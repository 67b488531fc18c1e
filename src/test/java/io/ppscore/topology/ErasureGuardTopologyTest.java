package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The erasure-guard: a recently erased user's events produced or stamped before the erasure (in flight when
 * it was processed) build no state; events produced and stamped after it do; the erasure is forgotten once
 * the suppression has passed on the wall clock and the event-time watermark is past it by grace + max-future.
 */
class ErasureGuardTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-30T22:00:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private TopologyHarness harness;

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldDropTheErasedUsersEventsStampedBeforeTheErasureEvenWhenTheyArriveAfterIt() {
    // Given u1 and u2 with state, and u1 erased at T0 + 1 h
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    activity("u2", T0);
    harness.driver.advanceWallClockTime(INTERVAL);
    erase("u1", T0.plus(Duration.ofHours(1)));

    // When u1's events stamped before the erasure arrive after it (in flight), and u2's too
    Instant inFlight = T0.plus(Duration.ofMinutes(30));
    activity("u1", inFlight);
    activity("u2", inFlight);
    harness.driver.advanceWallClockTime(INTERVAL);

    // Then u1 stays erased in every per-user store, the events are counted, and u2 is untouched
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(PerUserStoreEntries.count(harness, store, "u1")).as("u1 in %s", store.name()).isZero();
    }
    assertThat(harness.state("u1", WALL_CLOCK)).isEmpty();
    assertThat(harness.state("u2", WALL_CLOCK)).isPresent();
    assertThat(harness.state("u2", WALL_CLOCK).orElseThrow().stats(io.ppscore.state.Window.LIFETIME).bucket().getOrders())
        .isEqualTo(2);
    assertThat(droppedEvents()).isEqualTo(2.0);
  }

  @Test
  void shouldDropTheErasedUsersInvalidInFlightEventsInsteadOfDeadLetteringThem() {
    // Given u1 and u2 with state, and u1 erased
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    activity("u2", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));
    harness.deadLetters.readRecordsToList();

    // When invalid orders (a negative price: INVALID_AMOUNT) of u1 and u2, produced before the erasure, arrive after it
    Instant inFlight = T0.plus(Duration.ofMinutes(30));
    harness.orders.pipeInput("u1", placed("u1-o-bad", "u1", inFlight, line("p1", 1, "-3.00")), inFlight);
    harness.orders.pipeInput("u2", placed("u2-o-bad", "u2", inFlight, line("p1", 1, "-3.00")), inFlight);

    // Then u1's is dropped and counted as the guard counts its drops; only u2's is dead-lettered
    assertThat(harness.deadLetters.readRecordsToList()).singleElement().satisfies(r -> {
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("u2");
      assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("INVALID_AMOUNT");
    });
    assertThat(droppedEvents()).isEqualTo(1.0);
  }

  @Test
  void shouldDeadLetterTheInvalidEventsTheUserProducesAfterTheErasure() {
    // Given u1 erased
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));
    harness.deadLetters.readRecordsToList();

    // When u1 comes back a minute after the erasure with an invalid order
    harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
    Instant back = WALL_CLOCK.plus(Duration.ofMinutes(1));
    harness.orders.pipeInput("u1", placed("u1-o-bad", "u1", back, line("p1", 1, "-3.00")), back);

    // Then it is new activity: dead-lettered like anyone's
    assertThat(harness.deadLetters.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("INVALID_AMOUNT"));
    assertThat(droppedEvents()).isZero();
  }

  @Test
  void shouldDeadLetterAnAbsurdlyStampedEventTheUserProducesAfterTheErasure() {
    // Given u1 erased
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));
    harness.deadLetters.readRecordsToList();

    // When u1 comes back ten minutes after the erasure with an order its client stamped in 1999
    harness.driver.advanceWallClockTime(Duration.ofMinutes(10));
    Instant back = WALL_CLOCK.plus(Duration.ofMinutes(10));
    harness.orders.pipeInput("u1", placed("u1-o-1999", "u1", Instant.parse("1999-01-01T00:00:00Z"),
        line("p1", 1, "3.00")), back);

    // Then the rejected event time does not make it look produced before the erasure: it is dead-lettered
    assertThat(harness.deadLetters.readRecordsToList()).singleElement()
        .satisfies(r -> assertThat(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON)).isEqualTo("ABSURD_TIMESTAMP"));
    assertThat(droppedEvents()).isZero();
  }

  @Test
  void shouldAcceptTheUsersEventsProducedAndStampedAfterTheErasure() {
    // Given u1 erased at T0 + 1 h (processed at the wall clock, later)
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));

    // When u1 comes back a minute after the erasure was processed, with events stamped then
    harness.driver.advanceWallClockTime(Duration.ofSeconds(60));
    activity("u1", WALL_CLOCK.plusSeconds(60));

    // Then they build new state
    assertThat(harness.state("u1", WALL_CLOCK.plusSeconds(120))).isPresent();
    assertThat(droppedEvents()).isZero();
  }

  @Test
  void shouldNotLetARequestStampedInTheFutureBlockTheUsersNewActivity() {
    // Given u1 erased by a request a skewed producer stamped in the year 3000
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", Instant.parse("3000-01-01T00:00:00Z"));

    // When u1 comes back a minute after the erasure was processed
    harness.driver.advanceWallClockTime(Duration.ofSeconds(60));
    activity("u1", WALL_CLOCK.plusSeconds(60));

    // Then the cut-off was the wall clock of the erasure: the new activity builds state
    KeyValueStore<String, Long> erasures = harness.driver.getKeyValueStore(StoreNames.USER_ERASURES);
    assertThat(erasures.get("u1")).isEqualTo(WALL_CLOCK.toEpochMilli());
    assertThat(harness.state("u1", WALL_CLOCK.plusSeconds(120))).isPresent();
  }

  @Test
  void shouldDropAnEventStampedAheadOfTheErasureThatWasProducedBeforeIt() {
    // Given u1 with state, erased at the wall clock
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));

    // When events of u1 produced a minute before the erasure by a client whose clock is 30 minutes fast
    // (stamped 29 minutes after the erasure) are read only after it, one keyed by another id (so it goes
    // through the rekey topic)
    harness.driver.advanceWallClockTime(INTERVAL);
    Instant producedAt = WALL_CLOCK.minus(Duration.ofMinutes(1));
    activity("u1", WALL_CLOCK.plus(Duration.ofMinutes(29)), producedAt);
    harness.orders.pipeInput("session-1", placed("u1-o-rekeyed", "u1", WALL_CLOCK.plus(Duration.ofMinutes(29)),
        line("p2", 1, "10.00")), producedAt);

    // Then they build no state in any per-user store, and no score
    harness.driver.advanceWallClockTime(INTERVAL);
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(PerUserStoreEntries.count(harness, store, "u1")).as("u1 in %s", store.name()).isZero();
    }
    assertThat(harness.scores.readValuesToList()).as("u1's score tombstone, then nothing").containsOnlyNulls();
    assertThat(droppedEvents()).isEqualTo(3.0);
  }

  @Test
  void shouldDropAFutureStampedEventReadBeforeTheErasureWhenItComesBackFromTheRekeyTopicAfterIt() {
    // Given u1 with state, erased at the wall clock
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));

    // When an event of u1 stamped 30 minutes ahead, read from its input a minute before the erasure (so the
    // repartition record's timestamp is that read time) and written by a version without produced_at, comes
    // back from the rekey topic after the erasure
    harness.driver.advanceWallClockTime(INTERVAL);
    Instant readAt = WALL_CLOCK.minus(Duration.ofMinutes(1));
    OrderEvent ahead = placed("u1-o-ahead", "u1", WALL_CLOCK.plus(Duration.ofMinutes(30)), line("p1", 2, "10.00"));
    UserEvent inFlight = UserEvent.newBuilder().setEvent(ahead).setSourceTopic(harness.config.ordersTopic())
        .setSourcePartition(0).setSourceOffset(7L).setSourceKey(ByteBuffer.wrap("session-1".getBytes(StandardCharsets.UTF_8)))
        .build();
    harness.driver.createInputTopic("ppscore-test-user-events-rekey-repartition", new StringSerializer(),
        harness.topics.userEventSerde().serializer()).pipeInput("u1", inFlight, readAt);

    // Then it builds no state
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(PerUserStoreEntries.count(harness, store, "u1")).as("u1 in %s", store.name()).isZero();
    }
    assertThat(droppedEvents()).isEqualTo(1.0);
  }

  @Test
  void shouldAcceptNewActivityProducedAfterTheErasureEvenWhenStampedAhead() {
    // Given u1 erased at the wall clock
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));

    // When u1 comes back a minute later from a client whose clock is 30 minutes fast
    harness.driver.advanceWallClockTime(Duration.ofMinutes(1));
    Instant producedAt = WALL_CLOCK.plus(Duration.ofMinutes(1));
    activity("u1", producedAt.plus(Duration.ofMinutes(30)), producedAt);

    // Then it is new activity: it builds state
    assertThat(harness.state("u1", producedAt.plus(Duration.ofHours(1)))).isPresent();
    assertThat(droppedEvents()).isZero();
  }

  @Test
  void shouldKeepDroppingPreErasureEventsAfterTheSuppressionWhileTheWatermarkIsStillBehindTheErasure() {
    // Given the defaults (7-day suppression, 24 h grace, 1 day ahead), u1 erased, and the partition idle
    // (or the application stopped) for 8 days: the suppression has passed on the wall clock
    harness = withRiskAndScoring(Map.of());
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));
    harness.driver.advanceWallClockTime(Duration.ofDays(8)); // the purge runs every 10 minutes meanwhile

    // When a backlog of u1's events from before the erasure arrives, on time for the stale watermark
    activity("u1", WALL_CLOCK.minus(Duration.ofHours(1)));

    // Then the backlog builds no state: the erasure is still remembered
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(PerUserStoreEntries.count(harness, store, "u1")).as("u1 in %s", store.name()).isZero();
    }
    assertThat(droppedEvents()).isEqualTo(2.0);
    KeyValueStore<String, Long> erasures = harness.driver.getKeyValueStore(StoreNames.USER_ERASURES);
    assertThat(erasures.get("u1")).isEqualTo(WALL_CLOCK.toEpochMilli());
  }

  @Test
  void shouldKeepAnErasureLongerThanAShortSuppressionWhileThePreErasureEventsAreStillOnTime() {
    // Given a suppression of 1 h with the default 24 h grace and 1 day ahead, and u1 erased while u2 is active
    harness = withRiskAndScoring(Map.of(AppConfig.ERASURE_SUPPRESSION_MS_CONFIG, Duration.ofHours(1).toMillis()));
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofMinutes(10)));

    // When 2 h pass with u2's events moving the watermark up to the wall clock, and u1's event from before
    // the erasure arrives (on time: 2 h behind the watermark, within the grace)
    harness.driver.advanceWallClockTime(Duration.ofHours(2));
    activity("u2", WALL_CLOCK.plus(Duration.ofHours(2)));
    activity("u1", WALL_CLOCK.minus(Duration.ofMinutes(5)));

    // Then it builds no state: the erasure outlived the 1 h suppression (the watermark is 2 h, not 48 h, past it)
    for (PerUserStores.Entry store : PerUserStores.ALL) {
      assertThat(PerUserStoreEntries.count(harness, store, "u1")).as("u1 in %s", store.name()).isZero();
    }
    KeyValueStore<String, Long> erasures = harness.driver.getKeyValueStore(StoreNames.USER_ERASURES);
    assertThat(erasures.get("u1")).isEqualTo(WALL_CLOCK.toEpochMilli());
  }

  @Test
  void shouldForgetTheErasureOnceTheSuppressionHasPassedAndTheWatermarkIsPastGracePlusMaxFuture() {
    // Given a grace of 1 h, events accepted up to 1 h ahead, a suppression of 2 h, and u1 erased
    harness = withRiskAndScoring(Map.of(AppConfig.GRACE_MS_CONFIG, Duration.ofHours(1).toMillis(),
        AppConfig.VALIDATION_MAX_FUTURE_MS_CONFIG, Duration.ofHours(1).toMillis(),
        AppConfig.ERASURE_SUPPRESSION_MS_CONFIG, Duration.ofHours(2).toMillis()));
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofMinutes(10)));
    KeyValueStore<String, Long> erasures = harness.driver.getKeyValueStore(StoreNames.USER_ERASURES);

    // When the suppression passes on the wall clock with no event since, the erasure is still remembered
    harness.driver.advanceWallClockTime(Duration.ofMinutes(131));
    assertThat(erasures.get("u1")).isEqualTo(WALL_CLOCK.toEpochMilli());

    // And when u2's events move the watermark more than 2 h past the erasure, the next purge forgets it
    Instant now = WALL_CLOCK.plus(Duration.ofMinutes(131));
    activity("u2", now);
    harness.driver.advanceWallClockTime(Duration.ofMinutes(10));
    assertThat(erasures.get("u1")).isNull();

    // Then an event of u1 stamped up to max-future past the erasure is late for user-activity (not state),
    // and u1's new activity builds state
    activity("u1", WALL_CLOCK.plus(Duration.ofMinutes(59)), WALL_CLOCK.minus(Duration.ofMinutes(1)));
    assertThat(harness.state("u1", now.plus(Duration.ofMinutes(10)))).isEmpty();
    assertThat(lateEvents()).isEqualTo(2);
    Instant back = now.plus(Duration.ofMinutes(10));
    activity("u1", back);
    assertThat(harness.state("u1", back.plus(Duration.ofMinutes(1)))).isPresent();
  }

  @Test
  void shouldRememberNothingWhenTheSuppressionIsOff() {
    // Given a suppression of 0
    harness = withRiskAndScoring(Map.of(AppConfig.ERASURE_SUPPRESSION_MS_CONFIG, 0L));
    activity("u1", T0);
    erase("u1", T0.plus(Duration.ofHours(1)));

    // When an event stamped before the erasure arrives after it
    activity("u1", T0.plus(Duration.ofMinutes(30)));

    // Then it builds state again (the behaviour without the guard)
    KeyValueStore<String, Long> erasures = harness.driver.getKeyValueStore(StoreNames.USER_ERASURES);
    assertThat(erasures.get("u1")).isNull();
    assertThat(harness.state("u1", WALL_CLOCK)).isPresent();
  }

  private static TopologyHarness withRiskAndScoring(Map<String, ?> overrides) {
    return new TopologyHarness(WALL_CLOCK, overrides, Optional.of(new FakeScorer()), new HashingEncoder(), true);
  }

  /** A view and an order of {@code user} at {@code at}, produced then, with ids unique to the time. */
  private void activity(String user, Instant at) {
    activity(user, at, at);
  }

  /** As above, stamped at {@code at} by the client and produced (input record timestamp) at {@code producedAt}. */
  private void activity(String user, Instant at, Instant producedAt) {
    harness.clicks.pipeInput(user, view(user + "-c-" + at.toEpochMilli(), user, at, "p1", "10.00"), producedAt);
    harness.orders.pipeInput(user, placed(user + "-o-" + at.toEpochMilli(), user, at.plusSeconds(5),
        line("p1", 2, "10.00")), producedAt.plusSeconds(5));
  }

  /** The dead-letter records whose reason is a late event. */
  private long lateEvents() {
    return harness.deadLetters.readRecordsToList().stream()
        .filter(r -> "LATE_EVENT".equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON))).count();
  }

  private void erase(String user, Instant requestedAt) {
    TestInputTopic<String, UserErasureRequest> topic = harness.driver.createInputTopic(harness.config.userErasureTopic(),
        new StringSerializer(), harness.topics.userErasure().valueSerde().serializer());
    topic.pipeInput(user, UserErasureRequest.newBuilder().setRequestId("req-" + user).setRequestedAt(requestedAt)
        .setRequestedBy("test").setReason("ticket").build(), requestedAt);
  }

  private double droppedEvents() {
    for (Map.Entry<MetricName, ? extends Metric> e : harness.driver.metrics().entrySet()) {
      if (e.getKey().name().equals(ErasureGuardProcessor.DROPPED + "-total")) {
        return ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    throw new AssertionError("no " + ErasureGuardProcessor.DROPPED + "-total metric");
  }
}
