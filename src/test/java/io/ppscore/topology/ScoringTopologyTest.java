package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.search;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ppscore.config.AppConfig;
import io.ppscore.features.FeatureVector;
import io.ppscore.features.TextProfile;
import io.ppscore.features.TextProfiles;
import io.ppscore.inference.CachingTextEncoder;
import io.ppscore.model.Prediction;
import io.ppscore.model.ScoreCalibration;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserState;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.UserTextProfile;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private final HashingEncoder encoder = new HashingEncoder();
  private final FakeScorer scorer = new FakeScorer();
  private TopologyHarness harness = harness(Map.of());

  private TopologyHarness harness(Map<String, ?> overrides) {
    return new TopologyHarness(WALL_CLOCK, overrides, Optional.of(scorer), encoder);
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void shouldKeepUsersDirtyAndWriteNoDeadLetterWhenTheModelFailsForEveryoneThenScoreThemAtTheNextRun() {
    // Given a user's order, and a model that fails every call (a broken session)
    harness.orders.pipeInput("u1", TestEvents.placed("o1", "u1", T0, TestEvents.line("p1", 2, "5.00")), T0);
    scorer.failAll = new IllegalStateException("scoring failed: session closed");

    // When the scoring run fires
    nextInterval();

    // Then no score, no dead letter (there is no input record to dead-letter), and the user is still dirty
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    assertThat(dirty().get("u1")).isNotNull();

    // And once the model works again the next run scores the user
    scorer.failAll = null;
    nextInterval();
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1");
    assertThat(dirty().get("u1")).isNull();
  }

  @Test
  void shouldDropNoUserHoweverManyRunsTheModelFailsForEveryone() {
    // Given four users' orders, and a model that fails every call for five runs
    for (String user : List.of("u1", "u2", "u3", "u4")) {
      harness.orders.pipeInput(user, placed("o-" + user, user, T0, line("p1", 2, "5.00")), T0);
    }
    scorer.failAll = new IllegalStateException("scoring failed: session closed");
    for (int run = 0; run < 5; run++) {
      nextInterval();
    }

    // When the model works again
    scorer.failAll = null;
    nextInterval();

    // Then every user is scored: failing alone when nobody else could be scored counts against no user
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1", "u2", "u3", "u4");
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isZero();
  }

  @Test
  void shouldScoreTheOtherUsersOfTheRunWhenTheEncoderFailsOnOneUsersTextAndDropThatUserAfterThreeRuns() {
    // Given three users' views, u2's of a product whose text the encoder fails on
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.clicks.pipeInput("u2", view("c2", "u2", T0, "poison", "10.00"), T0);
    harness.clicks.pipeInput("u3", view("c3", "u3", T0, "p3", "10.00"), T0);
    encoder.failOn = "Product poison";

    // When a run passes
    nextInterval();

    // Then u1 and u3 are scored in that run (the batch failed every run before), u2 is kept for the next runs
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1", "u3");
    assertThat(dirty().get("u2")).isNotNull();
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isZero();

    // And when u2 has failed alone in two more runs (u4 scored in the first, u2 alone in the second: its first
    // failure showed the failures are its own), its entry is dropped and counted
    harness.clicks.pipeInput("u4", view("c4", "u4", T0, "p4", "10.00"), T0);
    nextInterval();
    assertThat(dirty().get("u2")).isNotNull();
    nextInterval();
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u4");
    assertThat(dirty().get("u2")).isNull();
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isEqualTo(1.0);

    // And the runs after neither try u2 again nor fail
    int encoderCalls = encoder.calls.size();
    nextInterval();
    assertThat(encoder.calls).hasSize(encoderCalls);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDropNoUserWhenTheEncoderFailsForEveryoneWhileAUserWithoutTextsCouldBeScored() {
    // Given two users' views (texts to embed) and a user's cart addition (none), and an encoder that fails every
    // call for three runs: the cart user is scored alone without the encoder, which proves nothing about it
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.clicks.pipeInput("u2", view("c2", "u2", T0, "p2", "10.00"), T0);
    harness.carts.pipeInput("u0", TestEvents.cartAdd("k0", "u0", T0, "p0", 1, "10.00"), T0);
    encoder.failAll = true;
    for (int run = 0; run < 3; run++) {
      nextInterval();
    }

    // When the encoder works again
    encoder.failAll = false;
    nextInterval();

    // Then the viewers are scored with their texts: the outage counted against nobody
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isZero();
    assertThat(harness.scores.readKeyValuesToMap()).containsKeys("u1", "u2");
    assertThat(textProfiles().get("u1")).isNotNull();
  }

  @Test
  void shouldKeepTheTextsOfAUserDroppedBecauseTheModelFailsOnItsRow() {
    // Given u1's order and u2's order worth 666.00 with a view, and a model that fails on u2's row
    int lifetimeSpend = scorer.featureSpec().names().indexOf("gross_spend_lifetime");
    scorer.failFor = f -> f[lifetimeSpend] == 666f;
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "5.00")), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p2", 1, "666.00")), T0);

    // When three runs pass (u2 fails alone in each)
    for (int run = 0; run < 3; run++) {
      nextInterval();
    }

    // Then u2's entry is dropped without a score, and its texts, which the encoder embeds, are in its profile
    assertThat(dirty().get("u2")).isNull();
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isEqualTo(1.0);
    assertThat(harness.driver.<String, UserScore>getKeyValueStore(StoreNames.USER_LATEST_SCORE).get("u2")).isNull();
    assertThat(textProfiles().get("u2")).isNotNull();
  }

  @Test
  void shouldKeepTheTextsThatEmbedOfAUserDroppedForATextTheEncoderFailsOn() {
    // Given u1's view, and u2's views of a product the encoder embeds and of one it fails on
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.clicks.pipeInput("u2", view("c2", "u2", T0, "p2", "10.00"), T0);
    harness.clicks.pipeInput("u2", view("c3", "u2", T0.plusSeconds(1), "poison", "10.00"), T0.plusSeconds(1));
    encoder.failOn = "Product poison";

    // When three runs pass (u2 fails alone in each)
    for (int run = 0; run < 3; run++) {
      nextInterval();
    }

    // Then u2 is dropped, and its text that embeds is in its profile: only the failing text is lost
    assertThat(dirty().get("u2")).isNull();
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isEqualTo(1.0);
    assertThat(textProfiles().get("u2").getBrowsedWeight()).isEqualTo(1.0);
  }

  @Test
  void shouldDropUsersWhoAllFailAloneSoTheirLaterEventsAreScored() {
    // Given two users whose views are both of the product whose text the encoder fails on, nobody else dirty
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "poison", "10.00"), T0);
    harness.clicks.pipeInput("u2", view("c2", "u2", T0, "poison", "10.00"), T0);
    encoder.failOn = "Product poison";

    // When three runs pass, then u1 views another product
    for (int run = 0; run < 3; run++) {
      nextInterval();
    }
    harness.clicks.pipeInput("u1", view("c3", "u1", T0.plusSeconds(60), "p9", "10.00"), T0.plusSeconds(60));
    nextInterval();

    // Then both were dropped (their failures are their own: the probe passes), and u1's new event is scored
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isEqualTo(2.0);
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1");
  }

  @Test
  void shouldNotBlameAUserForAnInfrastructureFailureMetWhileHalvingTheRun() {
    // Given u1's view of the product whose text the encoder fails on (the run's first failure, u1's own), u2's
    // order, and u3's order worth 666.00 whose model call fails on the infrastructure (a Kafka error)
    int lifetimeSpend = scorer.featureSpec().names().indexOf("gross_spend_lifetime");
    scorer.failFor = f -> f[lifetimeSpend] == 666f;
    scorer.failure = () -> new org.apache.kafka.common.errors.SerializationException("registry unavailable");
    encoder.failOn = "Product poison";
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "poison", "10.00"), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p2", 2, "5.00")), T0);
    harness.orders.pipeInput("u3", placed("o3", "u3", T0, line("p3", 1, "666.00")), T0);

    // When a run passes, it fails whole: the infrastructure's failure met while halving is the task's
    org.assertj.core.api.Assertions.assertThatThrownBy(this::nextInterval)
        .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class);

    // Then u3 is not counted against, and stays dirty
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isZero();
    assertThat(dirty().get("u3")).isNotNull();
  }

  @Test
  void shouldNotHalveTheRunWhenItFailsOnTheInfrastructure() {
    // Given two users' orders, and a model call that fails on u2's row with a Kafka (infrastructure) error
    int lifetimeSpend = scorer.featureSpec().names().indexOf("gross_spend_lifetime");
    scorer.failFor = f -> f[lifetimeSpend] == 666f;
    scorer.failure = () -> new org.apache.kafka.common.errors.SerializationException("registry unavailable");
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "5.00")), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p2", 1, "666.00")), T0);

    // When a run passes, then it fails whole: the task's failure (Kafka Streams retries the task), not a user's
    org.assertj.core.api.Assertions.assertThatThrownBy(this::nextInterval)
        .isInstanceOf(org.apache.kafka.streams.errors.StreamsException.class);

    // Then it was not halved to score u1 and count u2: nothing sent, nobody counted, both still dirty
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(streamsMetric(SoloScoring.FAILED_USERS + "-total")).isZero();
    assertThat(dirty().get("u1")).isNotNull();
    assertThat(dirty().get("u2")).isNotNull();
  }

  @Test
  void shouldWriteNothingForAUserTheModelFailsOnWhileScoringTheOthers() {
    // Given two users' orders, u2's worth 666.00, and a model that fails on u2's row
    int lifetimeSpend = scorer.featureSpec().names().indexOf("gross_spend_lifetime");
    scorer.failFor = f -> f[lifetimeSpend] == 666f;
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "5.00")), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p2", 1, "666.00")), T0);

    // When a run passes
    nextInterval();

    // Then u1 is scored; for u2 nothing is written (no text profile, no latest score) and its entry keeps its texts
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1");
    assertThat(textProfiles().get("u1")).isNotNull();
    assertThat(textProfiles().get("u2")).isNull();
    assertThat(harness.driver.<String, UserScore>getKeyValueStore(StoreNames.USER_LATEST_SCORE).get("u2")).isNull();
    assertThat(dirty().get("u2").getPendingTexts()).extracting(t -> t.getText()).containsExactly("Product p2");
  }

  @Test
  void shouldScoreTheOtherUsersOfARunWhenOneUsersPredictionMakesNoScoreAndNotRetryIt() {
    // Given three users' orders, and a model that predicts a non-finite spend for the second of them
    for (String user : List.of("u1", "u2", "u3")) {
      harness.orders.pipeInput(user, TestEvents.placed("o-" + user, user, T0, TestEvents.line("p1", 2, "5.00")), T0);
    }
    scorer.nonFiniteRow = 1;

    // When two runs pass
    nextInterval();
    List<String> first = harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    nextInterval();

    // Then the first run scores u1 and u3, drops u2's pending entry, and the second run sends nothing again
    assertThat(first).containsExactly("u1", "u3");
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    try (var left = dirty().all()) {
      assertThat(left.hasNext()).isFalse();
    }
    assertThat(harness.driver.metrics().entrySet().stream()
        .filter(m -> m.getKey().name().equals(ScoringProcessor.USER_SCORING_FAILURES + "-total"))
        .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue()).sum()).isEqualTo(1.0);
  }

  @Test
  void shouldScoreTheOtherUsersOfARunWhenOneUsersSpendIsNotANumberAndDropOnlyThatUser() {
    // Given three users' orders, u2's worth 666.00, and a model that scores through the real calibration and
    // predicts a 90-day spend that is not a number for u2 (as 0 x Infinity or exp(NaN) give)
    scorer.calibration = new ScoreCalibration(java.util.stream.IntStream.rangeClosed(0, 100).mapToObj(i -> i * 10.0).toList(),
        io.ppscore.training.ModelExporter.DEFAULT_BANDS);
    int lifetimeSpend = scorer.featureSpec().names().indexOf("gross_spend_lifetime");
    scorer.nanSpendFor = f -> f[lifetimeSpend] == 666f;
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "5.00")), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p1", 1, "666.00")), T0);
    harness.orders.pipeInput("u3", placed("o3", "u3", T0, line("p1", 3, "5.00")), T0);

    // When two runs pass
    nextInterval();
    List<String> first = harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    nextInterval();

    // Then the first run scores u1 and u3 in its one model call and drops u2's entry, counted; the second run
    // has nothing to do (before the fix the calibration threw for the whole batch, and every run after took the
    // same batch)
    assertThat(first).containsExactly("u1", "u3");
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(scorer.calls).hasSize(1);
    try (var left = dirty().all()) {
      assertThat(left.hasNext()).isFalse();
    }
    assertThat(streamsMetric(ScoringProcessor.USER_SCORING_FAILURES + "-total")).isEqualTo(1.0);
  }

  @Test
  void shouldDropAUserWhoseScoreAndProbabilityAreNotNumbersRatherThanSendThem() {
    // Given two users' orders, u1's worth 666.00, and a model that gives u1 finite amounts but a score and a
    // purchase probability that are not numbers
    int lifetimeSpend = scorer.featureSpec().names().indexOf("gross_spend_lifetime");
    scorer.nanScoreFor = f -> f[lifetimeSpend] == 666f;
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "666.00")), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p1", 2, "5.00")), T0);

    // When a run passes
    nextInterval();

    // Then u2 is scored; u1 gets no score (it was sent with score NaN) and its entry is dropped, counted
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u2");
    assertThat(harness.driver.<String, UserScore>getKeyValueStore(StoreNames.USER_LATEST_SCORE).get("u1")).isNull();
    assertThat(dirty().get("u1")).isNull();
    assertThat(streamsMetric(ScoringProcessor.USER_SCORING_FAILURES + "-total")).isEqualTo(1.0);
  }

  @Test
  void shouldDropAUserWhosePredictedSpendIsBeyondTheScoreRecordsDecimal() {
    // Given two users' orders, and a model that predicts a finite 90-day spend of 10^15 for the first
    for (String user : List.of("u1", "u2")) {
      harness.orders.pipeInput(user, TestEvents.placed("o-" + user, user, T0, TestEvents.line("p1", 2, "5.00")), T0);
    }
    scorer.nonFiniteRow = 0;
    scorer.badSpend90 = 1e15;

    // When a run passes
    nextInterval();

    // Then u2 is scored and u1's entry is dropped, instead of failing every run at the score's write
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u2");
    assertThat(dirty().get("u1")).isNull();
  }

  @Test
  void shouldKeepTheTextsOfAUserWhosePredictionMakesNoScoreForTheirNextScore() {
    // Given u1's order (a line worth 20.00) and view, and a model that predicts a non-finite spend for u1 once
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "10.00")), T0);
    harness.clicks.pipeInput("u1", view("c1", "u1", T0.plusSeconds(1), "p3", "1.00"), T0.plusSeconds(1));
    scorer.nonFiniteRow = 0;

    // When the run makes no score for u1, then u1 views another product and the next run scores u1
    nextInterval();
    assertThat(harness.scores.isEmpty()).isTrue();
    harness.clicks.pipeInput("u1", view("c2", "u1", T0.plusSeconds(2), "p4", "1.00"), T0.plusSeconds(2));
    nextInterval();

    // Then the texts of the unscored run are in u1's text profile and in the features of the next score
    TextProfiles expected = TextProfiles.empty(HashingEncoder.DIMENSION);
    expected.bought().add(HashingEncoder.vectorOf("Product p1"), 20.0);
    expected.browsed().add(HashingEncoder.vectorOf("Product p3"), 1.0);
    expected.browsed().add(HashingEncoder.vectorOf("Product p4"), 1.0);
    TextProfiles stored = TextProfileRecords.restore(textProfiles().get("u1"), HashingEncoder.ID, HashingEncoder.DIMENSION);
    assertThat(stored.bought().weight()).isEqualTo(20.0);
    assertThat(stored.browsed().weight()).isEqualTo(2.0);
    UserState state = harness.state("u1", WALL_CLOCK.plus(INTERVAL.multipliedBy(2))).orElseThrow();
    float[] features = FeatureVector.of(scorer.featureSpec(), state, expected);
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1");
    assertThat(scorer.calls.get(scorer.calls.size() - 1)[0]).containsExactly(features);
  }

  private KeyValueStore<String, ScoringDirtyUser> dirty() {
    return harness.driver.getKeyValueStore(StoreNames.SCORING_DIRTY_USERS);
  }

  private KeyValueStore<String, UserTextProfile> textProfiles() {
    return harness.driver.getKeyValueStore(StoreNames.USER_TEXT_PROFILE);
  }

  private void nextInterval() {
    harness.driver.advanceWallClockTime(INTERVAL);
  }

  @Test
  void shouldEmitOneScoreForABurstOfEventsOnlyAfterTheInterval() {
    // Given a burst of five events of one user within one interval
    for (int i = 0; i < 5; i++) {
      Instant at = T0.plusSeconds(i);
      harness.clicks.pipeInput("u1", view("c" + i, "u1", at, "p" + i, "10.00"), at);
    }

    // Then before the punctuation: no score, and the user waits in the dirty store (it survives a crash)
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(dirty().get("u1").getTriggeringEventId()).isEqualTo("c4");
    assertThat(dirty().get("u1").getPendingTexts()).hasSize(5);

    // When the wall clock passes the interval
    nextInterval();

    // Then exactly one score, triggered by the last event, and the dirty entry is gone
    List<UserScore> scores = harness.scores.readValuesToList();
    assertThat(scores).hasSize(1);
    assertThat(scores.get(0).getUserId()).isEqualTo("u1");
    assertThat(scores.get(0).getTriggeringEventId()).isEqualTo("c4");
    assertThat(scores.get(0).getTriggeringEventTime()).isEqualTo(T0.plusSeconds(4));
    assertThat(dirty().get("u1")).isNull();
    assertThat(scorer.calls).hasSize(1);
    assertThat(scoresOutTotal()).isEqualTo(1.0);

    // And a run with nothing dirty scores nobody
    nextInterval();
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(scorer.calls).hasSize(1);
  }

  @Test
  void shouldScoreTwoUsersInOneBatchWithOneModelCallAndOneEncoderCallOfDistinctTexts() {
    // Given two users sharing a viewed title, behind a caching encoder (one delegate call per miss batch)
    harness.close();
    CachingTextEncoder caching = CachingTextEncoder.wrap(encoder, 100);
    harness = new TopologyHarness(WALL_CLOCK, Map.of(), Optional.of(scorer), caching);
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.clicks.pipeInput("u1", search("c2", "u1", T0.plusSeconds(1), "red lamp"), T0.plusSeconds(1));
    harness.clicks.pipeInput("u2", view("c3", "u2", T0.plusSeconds(2), "p1", "10.00"), T0.plusSeconds(2));
    harness.orders.pipeInput("u2", placed("o1", "u2", T0.plusSeconds(3), line("p2", 1, "4.00")), T0.plusSeconds(3));

    // When one interval passes
    nextInterval();

    // Then one batch of two users, one model call, one encoder call with each text once
    assertThat(harness.scores.readKeyValuesToMap()).containsOnlyKeys("u1", "u2");
    assertThat(scorer.calls).hasSize(1);
    assertThat(scorer.calls.get(0)).hasNumberOfRows(2);
    assertThat(encoder.calls).hasSize(1);
    assertThat(encoder.calls.get(0)).containsExactlyInAnyOrder("Product p1", "red lamp", "Product p2");
  }

  @Test
  void shouldAccumulateTextProfilesAsWeightedMeansOfTheEmbeddedTexts() {
    // Given an order (lines worth 20.00 and 5.00) and a view
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 2, "10.00"), line("p2", 1, "5.00")), T0);
    harness.clicks.pipeInput("u1", view("c1", "u1", T0.plusSeconds(1), "p3", "1.00"), T0.plusSeconds(1));

    // When scored, then another view arrives and is scored
    nextInterval();
    harness.clicks.pipeInput("u1", view("c2", "u1", T0.plusSeconds(2), "p4", "1.00"), T0.plusSeconds(2));
    nextInterval();

    // Then bought is the line-value-weighted mean, browsed the plain mean over both runs
    TextProfiles profiles = TextProfileRecords.restore(textProfiles().get("u1"), HashingEncoder.ID, HashingEncoder.DIMENSION);
    assertThat(profiles.bought().weight()).isEqualTo(25.0);
    assertThat(profiles.browsed().weight()).isEqualTo(2.0);
    float[] v1 = HashingEncoder.vectorOf("Product p1");
    float[] v2 = HashingEncoder.vectorOf("Product p2");
    float[] v3 = HashingEncoder.vectorOf("Product p3");
    float[] v4 = HashingEncoder.vectorOf("Product p4");
    for (int i = 0; i < HashingEncoder.DIMENSION; i++) {
      assertThat(profiles.bought().mean()[i]).isCloseTo((20 * v1[i] + 5 * v2[i]) / 25, within(1e-6f));
      assertThat(profiles.browsed().mean()[i]).isCloseTo((v3[i] + v4[i]) / 2, within(1e-6f));
    }
    assertThat(textProfiles().get("u1").getEncoderId()).isEqualTo(HashingEncoder.ID);
  }

  @Test
  void shouldEmitWhatTheScorerReturnsForTheFeatureVectorOfTheUsersStateAtTheRunTime() {
    // Given a user with an order and a search
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 3, "2.50")), T0);
    harness.clicks.pipeInput("u1", search("c1", "u1", T0.plusSeconds(1), "blue vase"), T0.plusSeconds(1));

    // When scored
    nextInterval();
    UserScore score = harness.scores.readValue();

    // Then it is the prediction for the vector computed directly from the same state and texts
    Instant runTime = WALL_CLOCK.plus(INTERVAL);
    UserState state = harness.state("u1", runTime).orElseThrow();
    TextProfiles expectedText = TextProfiles.empty(HashingEncoder.DIMENSION);
    expectedText.bought().add(HashingEncoder.vectorOf("Product p1"), 7.5);
    expectedText.browsed().add(HashingEncoder.vectorOf("blue vase"), 1.0);
    float[] features = FeatureVector.of(scorer.featureSpec(), state, expectedText);
    Prediction expected = FakeScorer.predict(features);
    assertThat(scorer.calls.get(0)[0]).containsExactly(features);
    assertThat(score.getScore()).isEqualTo(expected.score());
    assertThat(score.getTier()).isEqualTo(expected.tier());
    assertThat(score.getPPurchase90d()).isEqualTo(expected.purchaseProbability90());
    assertThat(score.getPredictedSpend30d()).isEqualTo(BigDecimal.valueOf(expected.spend30()).setScale(4, RoundingMode.HALF_EVEN));
    assertThat(score.getPredictedSpend90d()).isEqualTo(BigDecimal.valueOf(expected.spend90()).setScale(4, RoundingMode.HALF_EVEN));
    assertThat(score.getCurrency()).isEqualTo("GBP");
    assertThat(score.getModelVersion()).isEqualTo("fake-1");
    assertThat(score.getEncoderId()).isEqualTo(HashingEncoder.ID);
    assertThat(score.getReasonCodes()).isEmpty();
    assertThat(score.getComputedAt()).isEqualTo(runTime);
    assertThat(harness.driver.<String, UserScore>getKeyValueStore(StoreNames.USER_LATEST_SCORE).get("u1")).isEqualTo(score);
  }

  @Test
  void shouldCountAnOrderStampedAheadIntoTheNextUtcDayInTheWindowsOfTheScoreItTriggers() {
    // Given the wall clock 2 minutes before UTC midnight and a client clock 5 minutes fast
    harness.close();
    Instant beforeMidnight = Instant.parse("2011-06-30T23:58:00Z");
    harness = new TopologyHarness(beforeMidnight, Map.of(), Optional.of(scorer), encoder);
    Instant stampedAhead = Instant.parse("2011-07-01T00:03:00Z");
    harness.orders.pipeInput("u1", placed("o1", "u1", stampedAhead, line("p1", 3, "2.50")), beforeMidnight);

    // When the run scores the user
    nextInterval();

    // Then the order is in the short windows too, as of its own time, not only in the lifetime
    List<String> names = scorer.featureSpec().names();
    float[] row = scorer.calls.get(0)[0];
    assertThat(row[names.indexOf("orders_lifetime")]).isEqualTo(1f);
    assertThat(row[names.indexOf("orders_7d")]).isEqualTo(1f);
    assertThat(row[names.indexOf("orders_90d")]).isEqualTo(1f);
    assertThat(row[names.indexOf("days_since_last_order")]).isZero();
    assertThat(harness.scores.readValue().getComputedAt()).isEqualTo(beforeMidnight.plus(INTERVAL));
  }

  @Test
  void shouldCountAnOrderStampedAheadInTheWindowsAlsoWhenAnOnTimeEventOfTheUserFollowsIt() {
    // Given the wall clock 2 minutes before UTC midnight, an order from a clock 5 minutes fast, then a view
    // from an accurate clock: the view is the last event accepted before the run
    harness.close();
    Instant beforeMidnight = Instant.parse("2011-06-30T23:58:00Z");
    harness = new TopologyHarness(beforeMidnight, Map.of(), Optional.of(scorer), encoder);
    harness.orders.pipeInput("u1", placed("o1", "u1", Instant.parse("2011-07-01T00:03:00Z"), line("p1", 3, "2.50")),
        beforeMidnight);
    harness.clicks.pipeInput("u1", view("c1", "u1", beforeMidnight, "p2", "1.00"), beforeMidnight);

    // When the run scores the user
    nextInterval();

    // Then the order is still in the short windows
    List<String> names = scorer.featureSpec().names();
    float[] row = scorer.calls.get(0)[0];
    assertThat(row[names.indexOf("orders_7d")]).isEqualTo(1f);
    assertThat(row[names.indexOf("views_30d")]).isEqualTo(1f);
  }

  @Test
  void shouldKeepTheRunsWindowsWhenAnEventIsStampedHoursAheadIntoTheNextUtcDay() {
    // Given the wall clock at 10:00, an order 6 days earlier (in the 7-day window) and a view from a client
    // clock 19 hours fast, stamped in the next UTC day (allowed: up to 1 day ahead)
    harness.close();
    Instant runClock = Instant.parse("2011-07-01T10:00:00Z");
    harness = new TopologyHarness(runClock, Map.of(), Optional.of(scorer), encoder);
    harness.orders.pipeInput("u1", placed("o1", "u1", Instant.parse("2011-06-25T12:00:00Z"), line("p1", 3, "2.50")), runClock);
    harness.clicks.pipeInput("u1", view("c1", "u1", Instant.parse("2011-07-02T05:00:00Z"), "p2", "1.00"), runClock);

    // When the run scores the user
    nextInterval();

    // Then the windows start where the run's time puts them (the order stays in the 7-day window) and the
    // view counts as now; days since the order are counted to the run's time
    List<String> names = scorer.featureSpec().names();
    float[] row = scorer.calls.get(0)[0];
    assertThat(row[names.indexOf("orders_7d")]).isEqualTo(1f);
    assertThat(row[names.indexOf("views_30d")]).isEqualTo(1f);
    assertThat(row[names.indexOf("days_since_last_order")]).isCloseTo(5.917f, within(0.001f));
  }

  @Test
  void shouldScoreUsersBeyondTheBatchLimitInTheNextRun() {
    // Given a batch limit of 2 and three changed users
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_MAX_BATCH_USERS_CONFIG, 2));
    for (String user : List.of("u1", "u2", "u3")) {
      harness.clicks.pipeInput(user, search("s-" + user, user, T0, "lamp"), T0);
    }

    // When two runs pass
    nextInterval();
    List<String> first = harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    List<String> leftDirty = List.of("u1", "u2", "u3").stream().filter(u -> dirty().get(u) != null).toList();
    nextInterval();
    List<String> second = harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();

    // Then two users in the first run, the third in the second, one model call each
    assertThat(first).hasSize(2);
    assertThat(leftDirty).hasSize(1);
    assertThat(second).isEqualTo(leftDirty);
    assertThat(scorer.calls).extracting(c -> c.length).containsExactly(2, 1);
    assertThat(dirty().approximateNumEntries()).isZero();
  }

  @Test
  void shouldScoreTheLastUserOfAFullBatchInTheNextRunWhenMarkedAgain() {
    // Given a batch limit of 2 and three changed users: the first run takes u1 and u2
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_MAX_BATCH_USERS_CONFIG, 2));
    for (String user : List.of("u1", "u2", "u3")) {
      harness.clicks.pipeInput(user, search("s-" + user, user, T0, "lamp"), T0);
    }
    nextInterval();
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1", "u2");

    // When u2, the last user of that full batch, changes again before the next run
    harness.clicks.pipeInput("u2", search("t-u2", "u2", T0.plusSeconds(1), "desk"), T0.plusSeconds(1));
    nextInterval();

    // Then the next run scores u3 and u2 both, not u3 alone
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactlyInAnyOrder("u3", "u2");
    assertThat(dirty().approximateNumEntries()).isZero();
  }

  @Test
  void shouldCapTheTextsOfOneRunAndScoreTheUsersBeyondItInTheNextRun() {
    // Given a limit of 3 pending texts per run: u1 and u2 with two texts each, u3 with one
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_MAX_BATCH_TEXTS_CONFIG, 3));
    for (String user : List.of("u1", "u2")) {
      harness.clicks.pipeInput(user, search("a-" + user, user, T0, "lamp " + user), T0);
      harness.clicks.pipeInput(user, search("b-" + user, user, T0.plusSeconds(1), "desk " + user), T0.plusSeconds(1));
    }
    harness.clicks.pipeInput("u3", search("a-u3", "u3", T0, "chair"), T0);

    // When two runs pass
    nextInterval();
    List<String> first = harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();
    nextInterval();
    List<String> second = harness.scores.readKeyValuesToList().stream().map(kv -> kv.key).toList();

    // Then the first run stops before u2's texts would pass the limit; the second takes u2 and u3 (3 texts)
    assertThat(first).containsExactly("u1");
    assertThat(second).containsExactlyInAnyOrder("u2", "u3");
    assertThat(scorer.calls).extracting(c -> c.length).containsExactly(1, 2);
    try (var left = dirty().all()) {
      assertThat(left.hasNext()).isFalse();
    }
  }

  @Test
  void shouldScoreAUserWithMorePendingTextsThanTheRunLimitAlone() {
    // Given a limit of 1 pending text per run and a user with two
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_MAX_BATCH_TEXTS_CONFIG, 1));
    harness.clicks.pipeInput("u1", search("a", "u1", T0, "lamp"), T0);
    harness.clicks.pipeInput("u1", search("b", "u1", T0.plusSeconds(1), "desk"), T0.plusSeconds(1));

    // When a run passes
    nextInterval();

    // Then the user is scored, not starved
    assertThat(harness.scores.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("u1");
  }

  @Test
  void shouldKeepAtMostScoringMaxBatchTextsPendingTextsPerUserAndCountTheRest() {
    // Given a limit of 64 texts per run, and 70 searches with distinct texts and one repeated text, before a run
    harness.close();
    harness = harness(Map.of(AppConfig.SCORING_MAX_BATCH_TEXTS_CONFIG, 64));
    for (int i = 0; i < 70; i++) {
      Instant at = T0.plusSeconds(i);
      harness.clicks.pipeInput("u1", search("s" + i, "u1", at, "query " + i), at);
    }
    harness.clicks.pipeInput("u1", search("s-again", "u1", T0.plusSeconds(80), "query 0"), T0.plusSeconds(80));

    // Then 64 distinct texts are pending, the repeat adds weight, the 6 extras are counted as dropped
    ScoringDirtyUser entry = dirty().get("u1");
    assertThat(entry.getPendingTexts()).hasSize(64);
    assertThat(entry.getDroppedTexts()).isEqualTo(6);
    assertThat(streamsMetric("dropped-pending-texts-total")).isEqualTo(6.0);
    Map<String, Double> weights = entry.getPendingTexts().stream()
        .collect(Collectors.toMap(t -> t.getText(), t -> t.getWeight()));
    assertThat(weights.get("query 0")).isEqualTo(2.0);
  }

  @Test
  void shouldKeepEveryTitleOfAnOrderWithMoreThan64DistinctLinesAsTheTrainingBackfillDoes() {
    // Given the default limits and an order of 137 distinct lines (the largest invoice of the bundled sample),
    // one title bought twice on two lines
    io.ppscore.events.avro.OrderLine[] lines = new io.ppscore.events.avro.OrderLine[138];
    for (int i = 0; i < 137; i++) {
      lines[i] = line("p" + i, 1, "2.00");
    }
    lines[137] = line("p0", 3, "2.00");

    // When it is accepted, before a run
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, lines), T0);

    // Then every title is pending (weighted by line value, the repeated one summed) and none is dropped
    ScoringDirtyUser entry = dirty().get("u1");
    assertThat(entry.getPendingTexts()).hasSize(137);
    assertThat(entry.getDroppedTexts()).isZero();
    assertThat(entry.getPendingTexts().stream().filter(t -> t.getText().equals("Product p0")).findFirst()
        .orElseThrow().getWeight()).isEqualTo(8.0);
  }

  @Test
  void shouldBoundAPendingEntryTo256KiBOfTextsWellUnderTheChangelogsMessageSize() throws Exception {
    // Given 400 searches of distinct texts of the longest accepted length (1,000 characters, 3 UTF-8 bytes
    // each: 1.2 MB in all), before a run
    for (int i = 0; i < 400; i++) {
      Instant at = T0.plusSeconds(i);
      String text = String.format("%04d", i) + "\u20ac".repeat(996);
      harness.clicks.pipeInput("u1", search("s" + i, "u1", at, text), at);
    }

    // Then the entry keeps texts up to 256 KiB (as UTF-8, with 16 bytes each for length, kind and weight), counts
    // the rest as dropped, and its Avro encoding stays far below the changelog topic's 1 MB maximum message
    ScoringDirtyUser entry = dirty().get("u1");
    int kept = DirtyUsers.MAX_PENDING_TEXT_BYTES / (4 + 3 * 996 + 16);
    assertThat(entry.getPendingTexts()).hasSize(kept);
    assertThat(entry.getDroppedTexts()).isEqualTo(400 - kept);
    assertThat(streamsMetric("dropped-pending-texts-total")).isEqualTo(400.0 - kept);
    assertThat(entry.toByteBuffer().remaining()).isLessThan(DirtyUsers.MAX_PENDING_TEXT_BYTES + 1024);
  }

  @Test
  void shouldAddNoScoringNodeWithoutAScorerButKeepItsStoresForErasure() {
    // Given no model
    StreamsBuilder builder = new StreamsBuilder();

    // When the topology is built
    org.apache.kafka.streams.TopologyDescription description =
        PurchasingPowerTopology.build(builder, harness.topics, TopologySettings.from(harness.config)).describe();

    // Then it has no scoring node, and the scoring stores are connected to the erasure node only, so an
    // erasure while the model is missing still clears them (they would be restored with the user otherwise)
    String text = description.toString();
    assertThat(text).doesNotContain("user-scoring").contains("user-activity");
    java.util.Map<String, java.util.Set<String>> storesByNode = new java.util.HashMap<>();
    description.subtopologies().forEach(sub -> sub.nodes().forEach(node -> {
      if (node instanceof org.apache.kafka.streams.TopologyDescription.Processor p) {
        storesByNode.put(p.name(), p.stores());
      }
    }));
    assertThat(storesByNode.get("user-erasure")).contains(StoreNames.SCORING_DIRTY_USERS, StoreNames.USER_TEXT_PROFILE,
        StoreNames.USER_LATEST_SCORE, StoreNames.USER_RISK_STATE);
    assertThat(storesByNode.get("user-activity")).doesNotContain(StoreNames.SCORING_DIRTY_USERS);
  }

  /** The {@code scores-out-total} metric the demo's progress line and {@code /v1/info} read. */
  @Test
  void shouldScoreWithReasonCodesFromTheSameModelCallWhenTheModelHasAReferenceUser() {
    // Given a model whose typical user has no activity at all
    scorer.reference = new float[scorer.featureSpec().names().size()];
    harness.close();
    harness = harness(Map.of());
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 1, "0.50")), T0);

    // When
    nextInterval();

    // Then the score names what moved it, and the user and its replaced rows went to the model in one call
    UserScore score = harness.scores.readValuesToList().get(0);
    assertThat(score.getReasonCodes()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    assertThat(score.getReasonCodes()).allMatch(r -> r.endsWith("(raises score)") || r.endsWith("(lowers score)"));
    assertThat(scorer.calls).hasSize(1);
    assertThat(scorer.calls.get(0).length).isEqualTo(1 + io.ppscore.features.FeatureGroups.all().size());
    assertThat(score.getScore()).isEqualTo(FakeScorer.predict(scorer.calls.get(0)[0]).score());
  }

  @Test
  void shouldNameTheNewestEventAsTriggerWhenALateEventArrivesInTheSameInterval() {
    // Given an order at 09:00, then a click stamped 08:00 that arrives late (within the grace period)
    harness.orders.pipeInput("u1", placed("o-new", "u1", T0, line("p1", 1, "5.00")), T0);
    harness.clicks.pipeInput("u1", view("c-old", "u1", T0.minus(Duration.ofHours(1)), "p2", "1.00"), T0);

    // When the run scores the user
    nextInterval();

    // Then the score names the order, the newest event its state holds, not the last one to arrive
    UserScore score = harness.scores.readValue();
    assertThat(score.getTriggeringEventId()).isEqualTo("o-new");
    assertThat(score.getTriggeringEventTime()).isEqualTo(T0);
  }

  @Test
  void shouldScoreNobodyOnceTheAppIsClosingAndKeepTheUsersDirty() {
    // Given a changed user, and the app starting to close before the next scoring run
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.gate.close();

    // When the run's time comes
    nextInterval();

    // Then no encoder or model call and no score: the user stays dirty, to be scored after the restart
    assertThat(harness.scores.isEmpty()).isTrue();
    assertThat(scorer.calls).isEmpty();
    assertThat(dirty().get("u1")).isNotNull();
  }

  @Test
  void shouldMeasureEventToScoreLatencyFromTheOldestUnscoredEvent() {
    // Given two events of one user accepted 40 ms apart in wall-clock time
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.driver.advanceWallClockTime(Duration.ofMillis(40));
    harness.clicks.pipeInput("u1", view("c2", "u1", T0.plusSeconds(1), "p2", "10.00"), T0.plusSeconds(1));

    // Then the dirty entry keeps the first acceptance time, not the second
    assertThat(dirty().get("u1").getFirstPendingAt()).isEqualTo(WALL_CLOCK);
    assertThat(dirty().get("u1").getTriggeringEventId()).isEqualTo("c2");

    // When the scoring run fires (the 100 ms interval since the driver started)
    harness.driver.advanceWallClockTime(Duration.ofMillis(60));

    // Then one latency of 100 ms (run time minus the first event's acceptance), and inference was recorded
    assertThat(harness.scores.readValuesToList()).hasSize(1);
    assertThat(harness.metrics.eventToScoreLatency().count()).isEqualTo(1);
    assertThat(harness.metrics.eventToScoreLatency().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(100.0);
    assertThat(harness.metrics.inferenceBatchSize("embed").totalAmount()).isEqualTo(2.0);
    assertThat(harness.metrics.inferenceBatchSize("score").count()).isEqualTo(1);
  }

  @Test
  void shouldScoreAndCountUsersWhoseCurrencyIsNotTheModelsTrainingCurrency() {
    // Given a model trained on GBP, and one user paying in USD and one in GBP
    scorer.currency = "GBP";
    harness.close();
    harness = harness(Map.of());
    harness.orders.pipeInput("u1", io.ppscore.events.avro.OrderEvent.newBuilder(placed("o1", "u1", T0, line("p1", 1, "5.00"))).setCurrency("USD").build(), T0);
    harness.orders.pipeInput("u2", placed("o2", "u2", T0, line("p2", 1, "5.00")), T0);

    // When
    nextInterval();

    // Then both are scored, in their own currency, and the USD score is counted
    Map<String, String> currencies = harness.scores.readValuesToList().stream()
        .collect(Collectors.toMap(UserScore::getUserId, UserScore::getCurrency));
    assertThat(currencies).containsEntry("u1", "USD").containsEntry("u2", "GBP");
    assertThat(harness.metrics.registry().get("ppscore.scores.foreign.currency").tag("currency", "USD").counter().count())
        .isEqualTo(1.0);
    assertThat(harness.metrics.registry().find("ppscore.scores.foreign.currency").tag("currency", "GBP").counter()).isNull();
  }

  private double scoresOutTotal() {
    return streamsMetric(ScoringProcessor.SCORES_OUT + "-total");
  }

  /** The Kafka Streams metric {@code name}, summed over tasks. */
  private double streamsMetric(String name) {
    return harness.driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }
}
