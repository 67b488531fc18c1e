package io.ppscore.topology;

import io.ppscore.model.Prediction;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Money;
import io.ppscore.state.UserState;
import io.ppscore.state.avro.ScoringDirtyUser;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * Builds the {@link UserScore} record of one scored user; a prediction with a non-finite score, probability or
 * spend, or a spend beyond the record's decimal, is refused for that user alone ({@link UnscorableUserException}).
 */
final class ScoreRecords {

  private ScoreRecords() {
  }

  static UserScore of(UserState state, ScoringDirtyUser trigger, Prediction p, List<String> reasons, UserScorer scorer,
      String defaultCurrency, Instant computedAt) {
    String currency = currency(state, defaultCurrency);
    requireFinite(p.score(), "score");
    requireFinite(p.purchaseProbability90(), "90-day purchase probability");
    return UserScore.newBuilder()
        .setUserId(state.userId())
        .setScore(p.score())
        .setTier(p.tier())
        .setPredictedSpend30d(money(p.spend30(), "30-day spend"))
        .setPredictedSpend90d(money(p.spend90(), "90-day spend"))
        .setPPurchase90d(p.purchaseProbability90())
        .setCurrency(currency)
        .setModelVersion(scorer.modelVersion())
        .setEncoderId(scorer.encoderId())
        .setReasonCodes(reasons)
        .setTriggeringEventId(trigger.getTriggeringEventId())
        .setTriggeringEventTime(trigger.getTriggeringEventTime())
        .setComputedAt(computedAt)
        .build();
  }

  /** The currency of a user's amounts: of their first priced event, else {@code defaultCurrency}. */
  static String currency(UserState state, String defaultCurrency) {
    return state.profile().getCurrency() != null ? state.profile().getCurrency() : defaultCurrency;
  }

  private static BigDecimal money(double amount, String what) {
    requireFinite(amount, what);
    BigDecimal money = BigDecimal.valueOf(amount).setScale(Money.SCALE, RoundingMode.HALF_EVEN);
    if (money.abs().compareTo(Money.MAX_DECIMAL) > 0) {
      throw new UnscorableUserException("the model predicted a " + what + " of " + amount
          + ", beyond the largest decimal(18,4) of the score record");
    }
    return money;
  }

  private static void requireFinite(double value, String what) {
    if (!Double.isFinite(value)) {
      throw new UnscorableUserException("the model predicted a non-finite " + what + ": " + value);
    }
  }

  /** One user's prediction makes no score record; the other users of the run are not concerned. */
  static final class UnscorableUserException extends RuntimeException {
    UnscorableUserException(String message) {
      super(message);
    }
  }
}
