package io.ppscore.risk;

import io.ppscore.output.avro.RiskEvidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A rule's finding before the cooldown: which rule, how far past its threshold ({@code excess}, 1 = just
 * at it; the severity follows from it), a one-sentence summary and the evidence.
 */
public record RiskCandidate(RiskRuleId rule, double excess, String summary, List<RiskEvidence> evidence) {

  public RiskCandidate {
    Objects.requireNonNull(rule, "rule must not be null");
    if (!(excess >= 1.0)) {
      throw new IllegalArgumentException("a candidate must be at or past its threshold, got excess " + excess);
    }
    evidence = List.copyOf(evidence);
  }

  /** Evidence: {@code metric} measured {@code value}, compared with {@code threshold}. */
  static RiskEvidence compared(String metric, double value, double threshold) {
    return RiskEvidence.newBuilder().setMetric(metric).setValue(value).setThreshold(threshold)
        .setCrossed(value >= threshold).build();
  }

  /** Evidence that is context only: {@code metric} was {@code value}. */
  static RiskEvidence context(String metric, double value) {
    return RiskEvidence.newBuilder().setMetric(metric).setValue(value).setThreshold(null).setCrossed(false).build();
  }

  /** A small builder for the evidence list of one rule. */
  static final class Evidence {
    private final List<RiskEvidence> items = new ArrayList<>();

    Evidence compared(String metric, double value, double threshold) {
      items.add(RiskCandidate.compared(metric, value, threshold));
      return this;
    }

    Evidence context(String metric, double value) {
      items.add(RiskCandidate.context(metric, value));
      return this;
    }

    List<RiskEvidence> list() {
      return items;
    }
  }
}
