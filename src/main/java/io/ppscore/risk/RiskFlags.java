package io.ppscore.risk;

import io.ppscore.output.avro.RiskEvidence;
import io.ppscore.output.avro.RiskFlag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Views of a user's recent flags for the HTTP API: which are active, and their JSON shape. */
public final class RiskFlags {

  private RiskFlags() {
  }

  /**
   * The active flags at {@code asOf}: the flags whose activity period, {@code risk.cooldown.ms} from their
   * triggering event time capped at {@code now} ({@link RiskEngine#cooldownTime}: a flag stamped ahead of the
   * wall clock counts from now, as its cooldown does), holds {@code asOf}, that is, lies in
   * {@code (asOf - cooldown, asOf]}. Per rule that cools down, the most severe of them (the latest on ties):
   * a milder flag raised later, or by an earlier event that arrived first, does not hide it. Of a rule without
   * cooldown ({@link RiskRuleId#coolsDown()}, spend spike) every one, since each names its own order. Newest first.
   *
   * @param now the wall clock of the reader
   */
  public static List<RiskFlag> active(List<RiskFlag> recent, Instant asOf, Instant now, Duration cooldown) {
    Map<String, RiskFlag> mostSevere = new LinkedHashMap<>();
    List<RiskFlag> active = new ArrayList<>();
    for (RiskFlag f : recent) {
      Instant t = RiskEngine.cooldownTime(f.getTriggeringEventTime(), now);
      if (!t.isAfter(asOf.minus(cooldown)) || t.isAfter(asOf)) {
        continue;
      }
      if (!coolsDown(f.getRuleId())) {
        active.add(f);
        continue;
      }
      RiskFlag seen = mostSevere.get(f.getRuleId());
      if (seen == null || moreSevereOrLater(f, seen)) {
        mostSevere.put(f.getRuleId(), f);
      }
    }
    active.addAll(mostSevere.values());
    return newestFirst(active);
  }

  private static boolean moreSevereOrLater(RiskFlag f, RiskFlag than) {
    int bySeverity = Integer.compare(f.getSeverity().ordinal(), than.getSeverity().ordinal());
    return bySeverity > 0 || bySeverity == 0 && !f.getTriggeringEventTime().isBefore(than.getTriggeringEventTime());
  }

  /** Unknown rule ids (of a later build) are taken to cool down: one flag per rule, as before. */
  private static boolean coolsDown(String ruleId) {
    for (RiskRuleId rule : RiskRuleId.values()) {
      if (rule.id().equals(ruleId)) {
        return rule.coolsDown();
      }
    }
    return true;
  }

  /** {@code flags} sorted by triggering event time, newest first (stable). */
  public static List<RiskFlag> newestFirst(java.util.Collection<RiskFlag> flags) {
    List<RiskFlag> sorted = new ArrayList<>(flags);
    java.util.Collections.reverse(sorted);
    sorted.sort(Comparator.comparing(RiskFlag::getTriggeringEventTime).reversed());
    return sorted;
  }

  /** The JSON shape of a flag: fields in camelCase, amounts as exact decimals, times as ISO-8601 UTC. */
  public static Map<String, Object> toJson(RiskFlag flag) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("flagId", flag.getFlagId());
    json.put("userId", flag.getUserId());
    json.put("ruleId", flag.getRuleId());
    json.put("severity", flag.getSeverity().name());
    json.put("summary", flag.getSummary());
    List<Map<String, Object>> evidence = new ArrayList<>();
    for (RiskEvidence e : flag.getEvidence()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("metric", e.getMetric());
      item.put("value", e.getValue());
      item.put("threshold", e.getThreshold());
      item.put("crossed", e.getCrossed());
      evidence.add(item);
    }
    json.put("evidence", evidence);
    json.put("orderValue", flag.getOrderValue());
    json.put("currency", flag.getCurrency());
    json.put("triggeringEventId", flag.getTriggeringEventId());
    json.put("triggeringEventTime", flag.getTriggeringEventTime().toString());
    json.put("appVersion", flag.getAppVersion());
    json.put("modelVersion", flag.getModelVersion());
    return json;
  }
}
