package io.ppscore.risk;

import io.ppscore.output.avro.RiskEvidence;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.state.avro.RiskRuleMemory;
import io.ppscore.state.avro.UserRiskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Views of a user's recent flags for the HTTP API: which are active, and their JSON shape. */
public final class RiskFlags {

  private RiskFlags() {
  }

  /**
   * The active flags at {@code asOf}, judged from the rules' memory ({@code UserRiskState.rules}), the same
   * times the cooldown runs on: per rule, {@code last_flag_time} is the (capped, {@link RiskEngine#cooldownTime})
   * time of its latest flag, from which its cooldown runs. A rule that cools down is active while
   * {@code last_flag_time <= asOf < last_flag_time + cooldown}, and shows its last flag, which is its most severe
   * one of that time (within a cooldown the engine raises a rule again only at a higher severity). Spend spike (no
   * cooldown, {@link RiskRuleId#coolsDown()}) shows every flag of the recent list whose time lies in
   * {@code (asOf - cooldown, asOf]}, its time being its triggering event time capped at the rule's
   * {@code last_flag_time} (a flag does not keep its own cap; the latest cap bounds them all). Newest first.
   *
   * <p>A rule whose memory says active but whose last flag is not in the recent list (a state written by a build
   * that could push it out, {@link RiskEngine}) shows nothing: the flag is gone. The memory and the list are one
   * store value, so erasure deletes both.
   */
  public static List<RiskFlag> active(UserRiskState state, Instant asOf, Duration cooldown) {
    List<RiskFlag> recent = state.getRecentFlags();
    List<RiskFlag> active = new ArrayList<>();
    for (RiskRuleMemory rule : state.getRules()) {
      Instant anchor = rule.getLastFlagTime();
      if (coolsDown(rule.getRuleId())) {
        if (activeAt(anchor, asOf, cooldown)) {
          lastOf(recent, rule.getRuleId()).ifPresent(active::add);
        }
        continue;
      }
      for (RiskFlag f : recent) {
        if (f.getRuleId().equals(rule.getRuleId())
            && activeAt(RiskEngine.cooldownTime(f.getTriggeringEventTime(), anchor), asOf, cooldown)) {
          active.add(f);
        }
      }
    }
    return newestFirst(active);
  }

  /** Whether a flag counted from {@code t} is active at {@code asOf}: {@code t <= asOf < t + cooldown}. */
  private static boolean activeAt(Instant t, Instant asOf, Duration cooldown) {
    return !t.isAfter(asOf) && t.plus(cooldown).isAfter(asOf);
  }

  /** The rule's last flag in {@code recent} (oldest first). */
  private static Optional<RiskFlag> lastOf(List<RiskFlag> recent, String ruleId) {
    for (int i = recent.size() - 1; i >= 0; i--) {
      if (recent.get(i).getRuleId().equals(ruleId)) {
        return Optional.of(recent.get(i));
      }
    }
    return Optional.empty();
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
