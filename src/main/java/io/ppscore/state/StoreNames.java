package io.ppscore.state;

/**
 * Names of every state store. They are part of the upgrade contract: changelog topics are named after
 * them, so renaming one loses its state.
 */
public final class StoreNames {
  /** Key-value store: user id to {@code UserProfile} (lifetime aggregates). */
  public static final String USER_PROFILE = "user-profile";
  /** Window store: user id to one-minute {@code ActivityBucket}s. */
  public static final String MINUTE_BUCKETS = "user-minute-buckets";
  /** Window store: user id to one-hour {@code ActivityBucket}s. */
  public static final String HOUR_BUCKETS = "user-hour-buckets";
  /** Window store: user id to one-day {@code ActivityBucket}s. */
  public static final String DAY_BUCKETS = "user-day-buckets";
  /** Window store: event id to event time, for dropping duplicates within the horizon. */
  public static final String EVENT_ID_DEDUP = "event-id-dedup";
  /** Key-value store: the task's event-time watermark (highest event time accepted). */
  public static final String EVENT_TIME_WATERMARK = "event-time-watermark";
  /** The one key of {@link #EVENT_TIME_WATERMARK} (one entry per task). */
  public static final String EVENT_TIME_WATERMARK_KEY = "watermark";
  /**
   * Key-value store: erased user id to the wall-clock time the erasure was processed, kept for at least
   * {@code erasure.suppression.ms} and until the event-time watermark has passed it by grace plus max-future.
   */
  public static final String USER_ERASURES = "user-erasures";

  /** Key-value store: user id to {@code UserTextProfile} (weighted sums of bought and browsed text embeddings). */
  public static final String USER_TEXT_PROFILE = "user-text-profile";
  /** Key-value store: user id to {@code ScoringDirtyUser}, the users to score at the next scoring run. */
  public static final String SCORING_DIRTY_USERS = "scoring-dirty-users";
  /** Key-value store: user id to their latest {@code UserScore}. */
  public static final String USER_LATEST_SCORE = "user-latest-score";
  /**
   * Key-value store: one entry per task, the last {@code user-latest-score} key the stale-score refresh sweep
   * looked at; absent when the next sweep starts at the first key.
   */
  public static final String SCORING_REFRESH_CURSOR = "scoring-refresh-cursor";

  /** Key-value store: user id to {@code UserRiskState} (rule cooldowns, order-value history, scores, recent flags). */
  public static final String USER_RISK_STATE = "user-risk-state";

  private StoreNames() {
  }
}
