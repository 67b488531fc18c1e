package io.ppscore.risk;

/** The risk rules, by the id they carry in {@code RiskFlag.rule_id}. */
public enum RiskRuleId {
  VELOCITY("velocity"),
  SPEND_SPIKE("spend-spike"),
  NEW_ACCOUNT_HIGH_VALUE("new-account-high-value"),
  CANCELLATION_ABUSE("cancellation-abuse"),
  SCORE_COLLAPSE("score-collapse");

  private final String id;

  RiskRuleId(String id) {
    this.id = id;
  }

  /** The id on the wire, such as {@code spend-spike}. */
  public String id() {
    return id;
  }
}
