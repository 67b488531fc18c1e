package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.UserErasureRequest;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refresh sweep's position survives the task: it is kept in {@code scoring-refresh-cursor} (and its
 * changelog), so a task initialised again (restart, rebalance, aborted transaction) resumes where the last
 * sweep stopped. Sweeps of at most 2 users over u1..u5, all scored at W+100ms; from W+1d+1m their scores are
 * stale, and each sweep marks the next two in key order.
 */
class ScoreRefreshCursorTopologyTest {

  private static final Instant W = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static final Duration AGE = Duration.ofDays(1);
  private static final Duration SWEEP = Duration.ofMinutes(1);
  private static final List<String> USERS = List.of("u1", "u2", "u3", "u4", "u5");

  private final FakeScorer scorer = new FakeScorer();
  private TopologyHarness harness = new TopologyHarness(W, Map.of(AppConfig.SCORING_REFRESH_MAX_USERS_CONFIG, 2),
      Optional.of(scorer), new HashingEncoder());
  /** The driver's wall clock: a restarted driver starts where the previous one stopped. */
  private Instant now = W;

  @BeforeEach
  void scoreAllUsers() {
    for (String user : USERS) {
      harness.orders.pipeInput(user, placed("o-" + user, user, T0, line("p1", 1, "5.00")), T0);
    }
    advance(INTERVAL);
    assertThat(harness.scores.readKeyValuesToList()).hasSize(USERS.size());
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldKeepTheLastKeyOfEachSweepInTheCursorStoreAndItsChangelogAndClearItAfterTheLastKey() {
    // Given the scores grow stale
    TestOutputTopic<byte[], byte[]> changelog = harness.changelog(StoreNames.SCORING_REFRESH_CURSOR);

    // When three sweeps pass, each followed by a scoring run
    List<String> cursors = new ArrayList<>();
    for (int sweep = 0; sweep < 3; sweep++) {
      advance(sweep == 0 ? AGE.plus(SWEEP) : SWEEP);
      cursors.add(cursor());
      advance(INTERVAL);
    }

    // Then the cursor is the last key each sweep looked at, and the sweep that reached the last key cleared it
    assertThat(cursors).containsExactly("u2", "u4", null);
    // And each change went to the changelog, ending in a tombstone, so a restored store resumes there too
    assertThat(changelog.readKeyValuesToList()).extracting(kv -> text(kv.key), kv -> text(kv.value))
        .containsExactly(tuple(StaleScoreSweep.CURSOR_KEY, "u2"),
            tuple(StaleScoreSweep.CURSOR_KEY, "u4"),
            tuple(StaleScoreSweep.CURSOR_KEY, null));
  }

  @Test
  void shouldRefreshTheUserLastInKeyOrderWhenTheTaskRestartsAfterEverySweep() {
    // Given the first sweep marked and the next run scored u1 and u2
    advance(AGE.plus(SWEEP));
    assertThat(dirtyUsers()).containsExactly("u1", "u2");
    advance(INTERVAL);
    assertThat(scoredUsers()).containsExactly("u1", "u2");

    // When the task restarts on its local state before each of the next two sweeps
    restart();
    advance(SWEEP);
    List<String> afterFirstRestart = dirtyUsers();
    advance(INTERVAL);
    List<String> scoredAfterFirstRestart = scoredUsers();
    restart();
    advance(SWEEP);
    List<String> afterSecondRestart = dirtyUsers();
    advance(INTERVAL);

    // Then each sweep continued from the stored cursor, not from u1 (fresh now, so a sweep starting there
    // would mark nobody): u5, last in key order, is refreshed too
    assertThat(afterFirstRestart).containsExactly("u3", "u4");
    assertThat(scoredAfterFirstRestart).containsExactly("u3", "u4");
    assertThat(afterSecondRestart).containsExactly("u5");
    assertThat(scoredUsers()).containsExactly("u5");
    assertThat(cursor()).isNull();

    // And after the pass, a restarted task starts again at the first key: a day later it marks u1 and u2
    restart();
    advance(AGE);
    assertThat(dirtyUsers()).containsExactly("u1", "u2");
  }

  @Test
  void shouldContinueAfterTheCursorWhenTheUserItNamesWasErased() {
    // Given the first sweep stopped at u2, and the next run scored u1 and u2
    advance(AGE.plus(SWEEP));
    advance(INTERVAL);
    harness.scores.readKeyValuesToList();
    assertThat(cursor()).isEqualTo("u2");

    // When u2 is erased (the erasure leaves the cursor alone), then the task restarts and the next sweep passes
    harness.driver.createInputTopic(harness.config.userErasureTopic(), new StringSerializer(),
            harness.topics.userErasure().valueSerde().serializer())
        .pipeInput("u2", UserErasureRequest.newBuilder().setRequestId("req-u2").setRequestedAt(now)
            .setRequestedBy("test").setReason("ticket 1").build(), now);
    assertThat(cursor()).isEqualTo("u2");
    restart();
    advance(SWEEP);

    // Then the sweep marks the two users after u2 and moves the cursor past the erased id
    assertThat(dirtyUsers()).containsExactly("u3", "u4");
    assertThat(cursor()).isEqualTo("u4");
  }

  @Test
  void shouldDeleteALeftoverCursorWhenTheTaskRestartsWithRefreshOff() {
    // Given the first sweep stopped at u2
    advance(AGE.plus(SWEEP));
    assertThat(cursor()).isEqualTo("u2");

    // When the task restarts with refresh off and an interval of the sweeps passes
    harness = harness.restartKeepingState(now, Map.of(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG, 0L));
    TestOutputTopic<byte[], byte[]> changelog = harness.changelog(StoreNames.SCORING_REFRESH_CURSOR);
    advance(SWEEP);

    // Then the cursor, with the user id it held, is gone from the store and (a tombstone) from its changelog
    assertThat(cursor()).isNull();
    assertThat(changelog.readKeyValuesToList()).extracting(kv -> text(kv.key), kv -> text(kv.value))
        .containsExactly(tuple(StaleScoreSweep.CURSOR_KEY, null));

    // And nothing is written for it afterwards
    advance(SWEEP.multipliedBy(3));
    assertThat(changelog.isEmpty()).isTrue();
  }

  @Test
  void shouldDeleteALeftoverCursorWhenTheTaskStartsWithScoringOff() {
    // Given a run without a model whose cursor store was restored holding the user id an earlier run with
    // scoring left in it
    harness.close();
    harness = new TopologyHarness(now, Map.of(AppConfig.SCORING_REFRESH_INTERVAL_MS_CONFIG, SWEEP.toMillis()));
    KeyValueStore<String, String> cursors = harness.driver.getKeyValueStore(StoreNames.SCORING_REFRESH_CURSOR);
    assertThat(cursors).as("the cursor store is in the topology without scoring").isNotNull();
    cursors.put(StaleScoreSweep.CURSOR_KEY, "u2");
    TestOutputTopic<byte[], byte[]> changelog = harness.changelog(StoreNames.SCORING_REFRESH_CURSOR);

    // When an interval of the sweeps passes
    advance(SWEEP);

    // Then the cursor, with the user id it held, is gone from the store and (a tombstone) from its changelog
    assertThat(cursor()).isNull();
    assertThat(changelog.readKeyValuesToList()).extracting(kv -> text(kv.key), kv -> text(kv.value))
        .endsWith(tuple(StaleScoreSweep.CURSOR_KEY, null));
  }

  @Test
  void shouldKeepTheCursorInAChangeloggedStoreOfTheScoringNodeThatTheErasureDoesNotTouch() {
    // Given the topology with scoring
    java.util.Map<String, java.util.Set<String>> storesByNode = new java.util.HashMap<>();
    PurchasingPowerTopology.build(new org.apache.kafka.streams.StreamsBuilder(), harness.topics,
            TopologySettings.from(harness.config), Optional.of(scorer), new HashingEncoder())
        .describe().subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
          if (node instanceof org.apache.kafka.streams.TopologyDescription.Processor p) {
            storesByNode.put(p.name(), p.stores());
          }
        }));

    // Then the cursor store belongs to user-scoring alone, and not to the erasure (it holds no user's data)
    assertThat(storesByNode).allSatisfy((node, stores) -> assertThat(stores.contains(StoreNames.SCORING_REFRESH_CURSOR))
        .as(node).isEqualTo(node.equals("user-scoring")));
    assertThat(PerUserStores.NOT_PER_USER).contains(StoreNames.SCORING_REFRESH_CURSOR);
    // And its changelog rolls and compacts daily, so earlier positions (user ids) leave it within days
    var builder = ScoringStores.refreshCursor();
    assertThat(builder.name()).isEqualTo(StoreNames.SCORING_REFRESH_CURSOR);
    assertThat(builder.loggingEnabled()).isTrue();
    assertThat(builder.logConfig()).containsEntry("segment.ms", "86400000").containsEntry("max.compaction.lag.ms", "86400000");
  }

  private void restart() {
    harness = harness.restartKeepingState(now);
  }

  private void advance(Duration by) {
    harness.driver.advanceWallClockTime(by);
    now = now.plus(by);
  }

  private String cursor() {
    KeyValueStore<String, String> cursors = harness.driver.getKeyValueStore(StoreNames.SCORING_REFRESH_CURSOR);
    return cursors.get(StaleScoreSweep.CURSOR_KEY);
  }

  private List<String> scoredUsers() {
    return harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();
  }

  private List<String> dirtyUsers() {
    List<String> users = new ArrayList<>();
    KeyValueStore<String, ScoringDirtyUser> dirty = harness.driver.getKeyValueStore(StoreNames.SCORING_DIRTY_USERS);
    try (var all = dirty.all()) {
      all.forEachRemaining((KeyValue<String, ScoringDirtyUser> kv) -> users.add(kv.key));
    }
    return users;
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
