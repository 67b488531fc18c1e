package io.ppscore.risk;

import io.ppscore.state.Window;
import java.util.Optional;
import java.util.Set;

/** A risk rule evaluated on every accepted event: a pure function of its input and its thresholds. */
interface EventRule {

  RiskRuleId id();

  /** The windows of {@link RiskInput#state()} the rule reads (the state read per event holds only those). */
  Set<Window> windows();

  /** The finding when the condition holds for {@code input}, else empty. */
  Optional<RiskCandidate> evaluate(RiskInput input);
}
