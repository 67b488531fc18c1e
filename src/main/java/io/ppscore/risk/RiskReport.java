package io.ppscore.risk;

import io.ppscore.output.avro.RiskEvidence;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.RiskSeverity;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-rule figures of a {@link RiskReplay}, as Markdown: flags, users and order events flagged, the share of
 * active users flagged per day, severities, and three real examples with their evidence.
 */
public final class RiskReport {

  private RiskReport() {
  }

  /**
   * The figures of one rule.
   *
   * @param orders distinct order events that triggered a flag: placed orders, and for cancellation abuse the
   *     cancellation and refund events (not the orders they reverse)
   */
  public record RuleFigures(String rule, long flags, long users, long orders, double userShare,
      double meanDailyShare, double maxDailyShare, Map<RiskSeverity, Long> severities, List<RiskFlag> examples) {
  }

  /** The figures of every rule in {@code result}. */
  public static List<RuleFigures> figures(RiskReplay.Result result) {
    List<RuleFigures> all = new ArrayList<>();
    for (RiskRuleId rule : RiskRuleId.values()) {
      all.add(figuresOf(rule.id(), result.flags().stream().filter(f -> f.getRuleId().equals(rule.id())).toList(), result));
    }
    all.add(figuresOf("any rule", result.flags(), result));
    return all;
  }

  private static RuleFigures figuresOf(String rule, List<RiskFlag> flags, RiskReplay.Result result) {
    Set<String> users = new HashSet<>();
    Set<String> orders = new HashSet<>();
    Map<LocalDate, Set<String>> byDay = new HashMap<>();
    Map<RiskSeverity, Long> severities = new EnumMap<>(RiskSeverity.class);
    for (RiskFlag f : flags) {
      users.add(f.getUserId());
      if (result.orderEventIds().contains(f.getTriggeringEventId())) {
        orders.add(f.getTriggeringEventId());
      }
      byDay.computeIfAbsent(LocalDate.ofInstant(f.getTriggeringEventTime(), ZoneOffset.UTC), d -> new HashSet<>())
          .add(f.getUserId());
      severities.merge(f.getSeverity(), 1L, Long::sum);
    }
    double sumShare = 0;
    double maxShare = 0;
    for (Map.Entry<LocalDate, Set<String>> day : result.activeUsersByDay().entrySet()) {
      double share = byDay.getOrDefault(day.getKey(), Set.of()).size() / (double) day.getValue().size();
      sumShare += share;
      maxShare = Math.max(maxShare, share);
    }
    int days = Math.max(1, result.activeUsersByDay().size());
    return new RuleFigures(rule, flags.size(), users.size(), orders.size(),
        users.size() / (double) Math.max(1, result.activeUsers()), sumShare / days, maxShare, severities,
        examples(flags));
  }

  /** Up to three flags: the most severe first, each from a different user. */
  static List<RiskFlag> examples(List<RiskFlag> flags) {
    List<RiskFlag> sorted = new ArrayList<>(flags);
    sorted.sort(Comparator.comparing((RiskFlag f) -> f.getSeverity().ordinal()).reversed()
        .thenComparing(RiskFlag::getTriggeringEventTime));
    List<RiskFlag> picked = new ArrayList<>();
    Set<String> users = new HashSet<>();
    for (RiskFlag f : sorted) {
      if (picked.size() < 3 && users.add(f.getUserId())) {
        picked.add(f);
      }
    }
    return picked;
  }

  /** The report as Markdown. */
  public static String markdown(String title, RiskReplay.Result result, RiskSettings settings) {
    StringBuilder md = new StringBuilder();
    md.append("# Risk rules on ").append(title).append("\n\n");
    md.append(String.format(Locale.ROOT, "Counted from %s to %s (after the warm-up): %,d events, %,d placed orders,"
            + " %,d active users, %,d active user-days over %,d days.%n%n", result.countedFrom(), result.last(),
        result.events(), result.placedOrders(), result.activeUsers(), result.activeUserDays(),
        result.activeUsersByDay().size()));
    md.append("| rule | flags | users flagged | % of active users | order events flagged | mean % of active users flagged per day"
        + " | max % per day | LOW / MEDIUM / HIGH |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    List<RuleFigures> figures = figures(result);
    for (RuleFigures f : figures) {
      md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f %% | %,d | %.3f %% | %.2f %% | %d / %d / %d |%n",
          f.rule(), f.flags(), f.users(), 100 * f.userShare(), f.orders(), 100 * f.meanDailyShare(),
          100 * f.maxDailyShare(), f.severities().getOrDefault(RiskSeverity.LOW, 0L),
          f.severities().getOrDefault(RiskSeverity.MEDIUM, 0L), f.severities().getOrDefault(RiskSeverity.HIGH, 0L)));
    }
    md.append("\nSettings: ").append(settings).append("\n");
    for (RuleFigures f : figures.subList(0, figures.size() - 1)) {
      md.append("\n## ").append(f.rule()).append("\n\n");
      if (f.examples().isEmpty()) {
        md.append("No flags.\n");
      }
      for (RiskFlag flag : f.examples()) {
        md.append(String.format(Locale.ROOT, "- user %s, %s, %s, event %s: %s%n", flag.getUserId(),
            flag.getTriggeringEventTime(), flag.getSeverity(), flag.getTriggeringEventId(), flag.getSummary()));
        md.append("  - evidence: ").append(evidence(flag)).append('\n');
      }
    }
    return md.toString();
  }

  private static String evidence(RiskFlag flag) {
    List<String> parts = new ArrayList<>();
    for (RiskEvidence e : flag.getEvidence()) {
      parts.add(e.getThreshold() == null
          ? String.format(Locale.ROOT, "%s=%.2f", e.getMetric(), e.getValue())
          : String.format(Locale.ROOT, "%s=%.2f (threshold %.2f%s)", e.getMetric(), e.getValue(), e.getThreshold(),
              e.getCrossed() ? ", crossed" : ""));
    }
    return String.join("; ", parts);
  }
}
