package io.ppscore.risk;

import io.ppscore.config.AppConfig;
import io.ppscore.output.avro.RiskSeverity;
import io.ppscore.state.Window;
import java.time.Duration;

/**
 * The thresholds of every risk rule, taken from {@link AppConfig} once (the keys' docs give each rule's
 * rationale). Amounts are in the user's currency.
 */
public record RiskSettings(Duration cooldown, double severityStep,
    int orders10m, int orders1h, int cartAdds10m, int cartAdds1h,
    double spikeP95Factor, int spikeMinHistory, double spikePredictedFactor, double spikeMinValue,
    Duration newAccountMaxAge, double newAccountMinValue,
    Window cancellationWindow, int cancellationMinCount, double cancellationMinShare,
    double scoreCollapsePoints, Duration scoreCollapseWindow, Duration spikeScoreMaxAge) {

  public RiskSettings {
    requireArgument(!cooldown.isNegative(), "cooldown must not be negative");
    requireArgument(severityStep > 1.0, "severity step must be above 1");
    requireArgument(orders10m > 1 && orders1h > 1 && cartAdds10m > 1 && cartAdds1h > 1,
        "velocity thresholds must be at least 2 (one event is never a burst)");
    requireArgument(spikeP95Factor >= 1.0 && spikePredictedFactor > 0.0, "spend-spike factors must be positive");
    requireArgument(spikeMinHistory >= 1, "spend-spike history must be at least one order");
    requireArgument(cancellationMinCount >= 2, "cancellation abuse needs at least two reversals (one is never a flag)");
    requireArgument(cancellationMinShare > 0.0 && cancellationMinShare <= 1.0, "cancellation share must be in (0, 1]");
    requireArgument(scoreCollapsePoints > 0.0, "score-collapse points must be positive");
    requireArgument(spikeMinValue > 0.0 && newAccountMinValue > 0.0,
        "spend-spike and new-account minimum values must be positive (they divide the excess)");
    requireArgument(scoreCollapseWindow.toMillis() > 0, "score-collapse window must be positive");
    requireArgument(!spikeScoreMaxAge.isNegative(), "spend-spike score age must not be negative");
  }

  /** The settings of {@code config}'s {@code risk.*} keys. */
  public static RiskSettings from(AppConfig config) {
    return new RiskSettings(
        Duration.ofMillis(config.getLong(AppConfig.RISK_COOLDOWN_MS_CONFIG)),
        config.getDouble(AppConfig.RISK_SEVERITY_STEP_CONFIG),
        config.getInt(AppConfig.RISK_VELOCITY_ORDERS_10M_CONFIG),
        config.getInt(AppConfig.RISK_VELOCITY_ORDERS_1H_CONFIG),
        config.getInt(AppConfig.RISK_VELOCITY_CART_ADDS_10M_CONFIG),
        config.getInt(AppConfig.RISK_VELOCITY_CART_ADDS_1H_CONFIG),
        config.getDouble(AppConfig.RISK_SPIKE_P95_FACTOR_CONFIG),
        config.getInt(AppConfig.RISK_SPIKE_MIN_HISTORY_CONFIG),
        config.getDouble(AppConfig.RISK_SPIKE_PREDICTED_FACTOR_CONFIG),
        config.getDouble(AppConfig.RISK_SPIKE_MIN_VALUE_CONFIG),
        Duration.ofMillis(config.getLong(AppConfig.RISK_NEW_ACCOUNT_MAX_AGE_MS_CONFIG)),
        config.getDouble(AppConfig.RISK_NEW_ACCOUNT_MIN_VALUE_CONFIG),
        windowOf(config.getString(AppConfig.RISK_CANCELLATION_WINDOW_CONFIG)),
        config.getInt(AppConfig.RISK_CANCELLATION_MIN_COUNT_CONFIG),
        config.getDouble(AppConfig.RISK_CANCELLATION_MIN_SHARE_CONFIG),
        config.getDouble(AppConfig.RISK_SCORE_COLLAPSE_POINTS_CONFIG),
        Duration.ofMillis(config.getLong(AppConfig.RISK_SCORE_COLLAPSE_WINDOW_MS_CONFIG)),
        Duration.ofMillis(config.getLong(AppConfig.RISK_SPIKE_SCORE_MAX_AGE_MS_CONFIG)));
  }

  /** The defaults of {@link AppConfig}. */
  public static RiskSettings defaults() {
    return from(new AppConfig(java.util.Map.of()));
  }

  /**
   * The severity of a condition {@code excess} times its threshold: LOW from 1, MEDIUM from the step,
   * HIGH from the step squared.
   */
  public RiskSeverity severityOf(double excess) {
    if (excess >= severityStep * severityStep) {
      return RiskSeverity.HIGH;
    }
    return excess >= severityStep ? RiskSeverity.MEDIUM : RiskSeverity.LOW;
  }

  private static Window windowOf(String label) {
    for (Window w : Window.values()) {
      if (w.label().equals(label)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown window " + label);
  }

  private static void requireArgument(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
