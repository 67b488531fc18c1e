package io.ppscore.topology;

import io.ppscore.config.AppConfig;
import java.time.Duration;

/**
 * When stale scores are computed again ({@link StaleScoreSweep}): a latest score older than {@code age} (wall
 * clock) is marked for the next scoring run by a sweep every {@code interval} that looks at up to
 * {@code maxUsers} latest scores. A zero {@code age} turns refresh off.
 */
public record ScoreRefreshSettings(Duration age, Duration interval, int maxUsers) {

  public ScoreRefreshSettings {
    if (age.isNegative()) {
      throw new IllegalArgumentException("refresh age must not be negative");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("refresh interval must be positive");
    }
    if (maxUsers < 1) {
      throw new IllegalArgumentException("a refresh sweep must look at one user at least, got " + maxUsers);
    }
  }

  public static ScoreRefreshSettings from(AppConfig config) {
    return new ScoreRefreshSettings(config.scoringRefreshAge(), config.scoringRefreshInterval(),
        config.scoringRefreshMaxUsers());
  }

  public boolean enabled() {
    return !age.isZero();
  }

  /** Whether a score computed at {@code computedAtMs} is stale at wall-clock {@code nowMs}. */
  boolean isStale(long computedAtMs, long nowMs) {
    return nowMs - computedAtMs > age.toMillis();
  }
}
