package io.ppscore.risk;

import java.util.Optional;

/** A risk rule evaluated on every accepted event: a pure function of its input and its thresholds. */
interface EventRule {

  RiskRuleId id();

  /** The finding when the condition holds for {@code input}, else empty. */
  Optional<RiskCandidate> evaluate(RiskInput input);
}
