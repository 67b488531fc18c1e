package io.ppscore.topology;

import io.ppscore.features.FeatureVector;
import io.ppscore.features.TextProfiles;
import io.ppscore.inference.TextEncoder;
import io.ppscore.metrics.AppMetrics;
import io.ppscore.model.ReasonCodes;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Granularity;
import io.ppscore.state.KafkaStores;
import io.ppscore.state.StoreNames;
import io.ppscore.state.UserState;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.PendingText;
import io.ppscore.state.avro.ScoringDirtyUser;
import io.ppscore.state.avro.TextKind;
import io.ppscore.state.avro.UserEvent;
import io.ppscore.state.avro.UserTextProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores, every {@code scoring.interval.ms} of wall-clock time, up to {@code scoring.max.batch.users} users
 * of the task's {@code scoring-dirty-users} store: one {@link TextEncoder#embed} call for all their pending
 * texts (de-duplicated), one {@link UserScorer#score} call for all their feature vectors and the rows
 * their reason codes need ({@link ReasonCodes}). Per user it then
 * stores the text profiles and the latest score, forwards the {@link UserScore} and deletes the dirty
 * entry; all inside the task, so exactly-once covers it. Everything that can fail (encoder, model) runs
 * before the first write, so a failed run leaves the stores as they were and the users stay dirty. When the
 * batch fails, a probe and halving find the users who fail alone ({@link SoloScoring}), so one user's failure
 * does not stop the others; a user's writes still happen only with its score.
 *
 * <p>Records to {@link AppMetrics}: each inference call's time and batch size, and per score the
 * event-to-score latency, from the wall-clock time the user's oldest unscored event was accepted
 * ({@code first_pending_at}) to the forwarding of the score (the run's wall-clock start plus the monotonic
 * time since).
 *
 * <p>Users whose latest score has grown stale are marked by a second punctuation ({@link StaleScoreSweep}, which
 * keeps its position in this node's {@code scoring-refresh-cursor} store) and scored here like the others; their
 * scores are sent marked and counted by {@link RefreshedScores}.
 *
 * <p>Windows are read as of the run's wall-clock time, like the HTTP API's default {@code asOf} (now), with
 * events a client clock stamped ahead of it counted as now ({@link UserStateStoreReader#readCountingLaterEvents}).
 * The events this processor receives are ignored: {@link UserActivityProcessor} marks dirty users; this
 * node is wired to the same stream only to share its task and stores.
 */
final class ScoringProcessor implements Processor<String, UserEvent, String, UserScore> {

  private static final Logger LOG = LoggerFactory.getLogger(ScoringProcessor.class);
  /** Metric operation: scores sent to the scores topic ({@code scores-out-total}, {@code scores-out-rate}). */
  static final String SCORES_OUT = "scores-out";
  static final String USER_SCORING_FAILURES = "user-scoring-failures";

  private final TopologySettings settings;
  private final UserScorer scorer;
  private final TextEncoder encoder;
  private final ScoringGate gate;
  private final ReasonCodes reasonCodes;
  private final java.util.Set<String> warnedCurrencies = new java.util.HashSet<>();
  private ProcessorContext<String, UserScore> context;
  private KeyValueStore<String, ScoringDirtyUser> dirty;
  private KeyValueStore<String, UserTextProfile> textProfiles;
  private KeyValueStore<String, UserScore> latestScores;
  private UserStateStoreReader states;
  private ScoringBatches batches;
  private Sensor scoresOut;
  private Sensor userFailures;
  private RefreshedScores refreshed;
  private SoloScoring solo;
  private ForeignEncoderProfiles foreignProfiles;

  private final AppMetrics metrics;

  ScoringProcessor(TopologySettings settings, UserScorer scorer, TextEncoder encoder, AppMetrics metrics,
      ScoringGate gate) {
    this.gate = gate;
    this.settings = settings;
    this.metrics = metrics;
    this.scorer = scorer;
    this.encoder = encoder;
    this.reasonCodes = ReasonCodes.of(scorer);
  }

  @Override
  public void init(ProcessorContext<String, UserScore> context) {
    this.context = context;
    this.dirty = context.getStateStore(StoreNames.SCORING_DIRTY_USERS);
    this.textProfiles = context.getStateStore(StoreNames.USER_TEXT_PROFILE);
    this.latestScores = context.getStateStore(StoreNames.USER_LATEST_SCORE);
    Map<Granularity, WindowStore<String, ActivityBucket>> buckets = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      buckets.put(g, context.getStateStore(g.storeName()));
    }
    KeyValueStore<String, io.ppscore.state.avro.UserProfile> profiles = context.getStateStore(StoreNames.USER_PROFILE);
    this.states = new UserStateStoreReader(KafkaStores.readOnly(profiles, buckets));
    this.scoresOut = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", SCORES_OUT, RecordingLevel.INFO);
    this.userFailures = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "scoring", USER_SCORING_FAILURES,
        RecordingLevel.INFO);
    context.schedule(settings.scoringInterval(), PunctuationType.WALL_CLOCK_TIME, this::scoreDirtyUsers);
    this.refreshed = new RefreshedScores(context.metrics());
    this.solo = new SoloScoring(context.metrics());
    this.foreignProfiles = new ForeignEncoderProfiles(textProfiles, encoder.profileSpace(), context.metrics());
    this.batches = new ScoringBatches(dirty, settings.scoringMaxBatchUsers(), settings.scoringMaxBatchTexts());
    StaleScoreSweep.schedule(context, settings.scoreRefresh(), latestScores, dirty,
        context.getStateStore(StoreNames.SCORING_REFRESH_CURSOR));
  }

  @Override
  public void process(Record<String, UserEvent> record) {
    // Nothing per event: see the class comment.
  }

  /**
   * One scoring run at wall-clock time {@code now}: everything is computed for the whole batch first, one
   * user at a time when the batch fails ({@link SoloScoring}), then written.
   */
  void scoreDirtyUsers(long now) {
    if (gate.closed()) {
      return;
    }
    List<KeyValue<String, ScoringDirtyUser>> batch = batches.next();
    if (batch.isEmpty()) {
      return;
    }
    long start = metrics.clock().monotonicTime();
    Instant asOf = Instant.ofEpochMilli(now);
    List<Outcome> outcomes;
    try {
      outcomes = compute(batch, asOf);
      solo.scored(batch);
    } catch (RuntimeException e) {
      outcomes = solo.score(batch, e, users -> compute(users, asOf), this::probe, user -> dropUnscored(user, asOf));
    }
    for (Outcome o : outcomes) {
      write(o, now, start, asOf);
    }
    if (settings.commitAfterScoringRun()) {
      // Under exactly-once the scores are visible to read_committed consumers (the recommender) only once
      // the transaction commits: waiting for the next commit.interval.ms tick added up to a whole interval
      // to every score's latency (scoring.commit.after.run). The commit comes after Kafka Streams has run the due
      // punctuations of all the thread's tasks, in the one transaction: scoring.max.batch.texts bounds one task's run.
      context.commit();
    }
  }

  /** What scoring {@code batch} as of {@code asOf} gives each of its users, in one encoder and one model call; writes nothing. */
  private List<Outcome> compute(List<KeyValue<String, ScoringDirtyUser>> batch, Instant asOf) {
    Map<String, float[]> vectors = embedPendingTexts(batch);
    List<Outcome> outcomes = new ArrayList<>(batch.size());
    List<ScoredUser> scorable = new ArrayList<>(batch.size());
    for (KeyValue<String, ScoringDirtyUser> entry : batch) {
      Optional<UserState> state = states.readCountingLaterEvents(entry.key, asOf);
      if (state.isEmpty()) {
        outcomes.add(new Outcome(new ScoredUser(entry.key, entry.value, null, null, null), null, null));
        continue;
      }
      scorable.add(withPendingTexts(entry, state.get(), vectors));
    }
    float[][] features = new float[scorable.size()][];
    for (int i = 0; i < features.length; i++) {
      features[i] = FeatureVector.of(scorer.featureSpec(), scorable.get(i).state, scorable.get(i).profiles);
    }
    List<String> currencies = scorable.stream().map(u -> ScoreRecords.currency(u.state, settings.defaultCurrency())).toList();
    long scoreStart = metrics.clock().monotonicTime();
    List<ReasonCodes.Explained> predictions = reasonCodes.score(features, currencies);
    if (features.length > 0) {
      metrics.inference(AppMetrics.SCORE, features.length * reasonCodes.rowsPerUser(),
          metrics.clock().monotonicTime() - scoreStart);
    }
    if (predictions.size() != features.length) {
      throw new IllegalStateException("the scorer returned " + predictions.size() + " predictions for " + features.length + " users");
    }
    for (int i = 0; i < scorable.size(); i++) {
      ScoredUser u = scorable.get(i);
      try {
        outcomes.add(new Outcome(u, ScoreRecords.of(u.state, u.trigger, predictions.get(i).prediction(),
            predictions.get(i).reasons(), scorer, settings.defaultCurrency(), asOf), null));
      } catch (ScoreRecords.UnscorableUserException e) {
        outcomes.add(new Outcome(u, null, e.getMessage()));
      }
    }
    return outcomes;
  }

  /**
   * The user of {@code entry} with {@code state} and the stored text profiles with the entry's pending texts
   * added ({@code vectors} holds theirs), and the encoder that accumulated the stored profile, if any.
   */
  private ScoredUser withPendingTexts(KeyValue<String, ScoringDirtyUser> entry, UserState state,
      Map<String, float[]> vectors) {
    UserTextProfile stored = textProfiles.get(entry.key);
    TextProfiles profiles = TextProfileRecords.restore(stored, encoder.profileSpace(), encoder.dimension());
    for (PendingText text : entry.value.getPendingTexts()) {
      (text.getKind() == TextKind.BOUGHT ? profiles.bought() : profiles.browsed())
          .add(vectors.get(text.getText()), text.getWeight());
    }
    return new ScoredUser(entry.key, entry.value, state, profiles, stored == null ? null : stored.getEncoderId());
  }

  /**
   * Runs the encoder on a text no cache holds and the model on a row of zeros: when this throws, the encoder
   * or the model fails for everyone, not for the users of a failed batch ({@link SoloScoring}).
   */
  private void probe() {
    encoder.embed(List.of("ppscore scoring probe " + System.nanoTime()));
    reasonCodes.score(new float[][] {new float[scorer.featureSpec().names().size()]},
        List.of(settings.defaultCurrency()));
  }

  /**
   * Drops the dirty entry of a user who failed alone run after run. Its texts that embed still go into its
   * text profile (the model, not the encoder, may be what failed): the entry is their only copy, and the
   * training backfill adds every text, so the profile must not depend on whether a score was made. Texts the
   * encoder fails on, alone, are dropped with the entry.
   */
  private void dropUnscored(KeyValue<String, ScoringDirtyUser> user, Instant asOf) {
    Map<String, float[]> vectors;
    try {
      vectors = embedPendingTexts(List.of(user));
    } catch (RuntimeException e) {
      vectors = embedEachAlone(user);
    }
    List<PendingText> embedded = new ArrayList<>();
    for (PendingText text : user.value.getPendingTexts()) {
      if (vectors.containsKey(text.getText())) {
        embedded.add(text);
      }
    }
    if (embedded.size() < user.value.getPendingTexts().size()) {
      int dropped = user.value.getPendingTexts().size() - embedded.size();
      LOG.warn("User {}: {} pending text(s) dropped too: the encoder fails on them", io.ppscore.events.LogIds.of(user.key), dropped);
    }
    KeyValue<String, ScoringDirtyUser> kept = KeyValue.pair(user.key,
        ScoringDirtyUser.newBuilder(user.value).setPendingTexts(embedded).build());
    storeTextProfile(withPendingTexts(kept, null, vectors), asOf);
    dirty.delete(user.key);
  }

  /** The vectors of the user's pending texts that the encoder embeds one at a time. */
  private Map<String, float[]> embedEachAlone(KeyValue<String, ScoringDirtyUser> user) {
    Map<String, float[]> vectors = new java.util.HashMap<>();
    for (PendingText text : user.value.getPendingTexts()) {
      if (!vectors.containsKey(text.getText())) {
        try {
          vectors.put(text.getText(), encoder.embed(List.of(text.getText()))[0]);
        } catch (RuntimeException e) {
          // this text fails the encoder: dropped
        }
      }
    }
    return vectors;
  }

  /** Writes one user's outcome of the run started at {@code now} (monotonic {@code start}). */
  private void write(Outcome o, long now, long start, Instant asOf) {
    ScoredUser u = o.user;
    if (u.state == null) {
      LOG.warn("Dirty user {} has no state; dropping the dirty entry without a score", io.ppscore.events.LogIds.of(u.userId));
      dirty.delete(u.userId);
      return;
    }
    if (o.score == null) {
      // one user's prediction that makes no score (a non-finite or oversized amount) would fail this run again every time,
      // and with it every user of the task: this user's dirty entry is dropped, the others are scored. Its
      // texts are still added to the text profile (they are embedded already): the entry is their only copy,
      // and the training backfill adds every text, so the profile must not depend on whether a score was made
      LOG.warn("No score for user {} in this run: {}; its pending entry is dropped, its texts kept in its text "
          + "profile (its next event scores it again)", io.ppscore.events.LogIds.of(u.userId), o.unscorable);
      userFailures.record();
      storeTextProfile(u, asOf);
      dirty.delete(u.userId);
      return;
    }
    countForeignCurrency(o.score.getCurrency());
    storeTextProfile(u, asOf);
    latestScores.put(u.userId, o.score);
    context.forward(refreshed.record(u.userId, o.score, now, u.trigger));
    scoresOut.record();
    if (u.trigger.getFirstPendingAt() != null) {
      // The run's start time plus the monotonic time since: when this score is forwarded.
      long forwardedAt = now + (metrics.clock().monotonicTime() - start) / 1_000_000L;
      metrics.eventToScore(forwardedAt - u.trigger.getFirstPendingAt().toEpochMilli());
    }
    // at once: if a later user's write fails the run, this user's score is not sent again by the retry
    dirty.delete(u.userId);
  }

  /**
   * Stores the user's text profiles with this run's pending texts added, when there were any; a stored profile
   * of another encoder, which this run read as empty, is discarded either way ({@link ForeignEncoderProfiles}).
   */
  private void storeTextProfile(ScoredUser u, Instant asOf) {
    foreignProfiles.discardIfForeign(u.userId, u.storedEncoderId);
    if (!u.trigger.getPendingTexts().isEmpty()) {
      textProfiles.put(u.userId, TextProfileRecords.toRecord(u.profiles, encoder.profileSpace(), asOf));
    }
  }

  /**
   * The model's amounts are in its training currency and no exchange rates are applied: a user in another
   * currency is still scored (their amounts taken as they are), counted per currency, and logged once.
   */
  private void countForeignCurrency(String currency) {
    String trained = scorer.trainingCurrency();
    if (trained != null && !trained.equals(currency)) {
      metrics.foreignCurrencyScore(currency);
      if (warnedCurrencies.add(currency)) {
        LOG.warn(PurchasingPowerTopology.FOREIGN_CURRENCY_WARNING, currency, trained, currency, trained);
      }
    }
  }

  /** The vectors of all distinct pending texts of the batch, from one encoder call. */
  private Map<String, float[]> embedPendingTexts(List<KeyValue<String, ScoringDirtyUser>> batch) {
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    batch.forEach(entry -> entry.value.getPendingTexts().forEach(t -> distinct.add(t.getText())));
    Map<String, float[]> vectors = new java.util.HashMap<>();
    if (distinct.isEmpty()) {
      return vectors;
    }
    List<String> texts = List.copyOf(distinct);
    long start = metrics.clock().monotonicTime();
    float[][] embedded = encoder.embed(texts);
    metrics.inference(AppMetrics.EMBED, texts.size(), metrics.clock().monotonicTime() - start);
    TextEncoder.oneRowPerText(encoder, embedded, texts.size());
    for (int i = 0; i < embedded.length; i++) {
      vectors.put(texts.get(i), embedded[i]);
    }
    return vectors;
  }

  /** A user of the current run; state and profiles are null when the user has no state. */
  /** {@code storedEncoderId}: the encoder of the user's stored text profile as the run read it, null if none. */
  private record ScoredUser(String userId, ScoringDirtyUser trigger, UserState state, TextProfiles profiles,
      String storedEncoderId) {
  }

  /** What the run computed for one user: a score, or why its prediction made none, or neither (no state). */
  private record Outcome(ScoredUser user, UserScore score, String unscorable) {
  }
}
