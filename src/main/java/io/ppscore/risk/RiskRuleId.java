package io.ppscore.risk;

/** The risk rules, by the id they carry in {@code RiskFlag.rule_id}. */
public enum RiskRuleId {
  VELOCITY("velocity", true),
  /**
   * No cooldown: each flag names its own order and a fraud service acts per order, so a second large order
   * within the cooldown (the classic second cash-out) must be flagged too. The rule is rare by construction
   * (the order must beat the factor x the user's 95th percentile and the minimum value), so this cannot
   * turn a burst into a flag per event the way the other rules could.
   */
  SPEND_SPIKE("spend-spike", false),
  NEW_ACCOUNT_HIGH_VALUE("new-account-high-value", true),
  CANCELLATION_ABUSE("cancellation-abuse", true),
  SCORE_COLLAPSE("score-collapse", true);

  private final String id;
  private final boolean coolsDown;

  RiskRuleId(String id, boolean coolsDown) {
    this.id = id;
    this.coolsDown = coolsDown;
  }

  /** Whether {@code risk.cooldown.ms} holds back a repeat flag of this rule of the same or lower severity. */
  public boolean coolsDown() {
    return coolsDown;
  }

  /** The id on the wire, such as {@code spend-spike}. */
  public String id() {
    return id;
  }
}
