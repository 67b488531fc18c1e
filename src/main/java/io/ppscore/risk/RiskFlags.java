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
   * The active flags at {@code asOf}: per rule, its latest flag whose triggering event time lies in
   * {@code (asOf - cooldown, asOf]}, that is, whose cooldown still runs. Newest first.
   */
  public static List<RiskFlag> active(List<RiskFlag> recent, Instant asOf, Duration cooldown) {
    Map<String, RiskFlag> latest = new LinkedHashMap<>();
    for (RiskFlag f : recent) {
      Instant t = f.getTriggeringEventTime();
      boolean running = t.isAfter(asOf.minus(cooldown)) && !t.isAfter(asOf);
      RiskFlag seen = latest.get(f.getRuleId());
      if (running && (seen == null || !t.isBefore(seen.getTriggeringEventTime()))) {
        latest.put(f.getRuleId(), f);
      }
    }
    return newestFirst(latest.values());
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
