package io.ppscore.app;

import static io.ppscore.app.DeployFiles.at;
import static io.ppscore.app.DeployFiles.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard and the Prometheus configuration of the monitoring profile. */
class MonitoringFilesTest {

  @Test
  void shouldChartEveryPipelineInferenceStreamsAndJvmSeriesOnThePrometheusDatasource() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy", "grafana", "ppscore-dashboard.json").toFile());
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.path("datasource").path("type").asText()).as(panel.path("title").asText()).isEqualTo("prometheus");
      assertThat(panel.path("targets")).as("targets of %s", panel.path("title").asText()).isNotEmpty();
      panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
    }

    assertThat(String.join("\n", expressions)).contains("ppscore_events_in_total", "ppscore_dead_letters_total",
        "ppscore_scores_out_total", "ppscore_scores_refreshed_total", "ppscore_risk_flags_total", "ppscore_event_to_score_latency_seconds_bucket",
        "ppscore_inference_latency_seconds_bucket", "ppscore_inference_batch_size", "ppscore_embedding_cache_hits_total",
        "ppscore_embedding_cache_misses_total", "ppscore_embedding_cache_persisted_hits_total",
        "ppscore_embedding_cache_persisted_misses_total", "ppscore_inference_provider_info", "kafka_stream_thread_commit_latency",
        "kafka_stream_thread_process_rate", "kafka_stream_state_block_cache_usage", "jvm_memory_used_bytes");
    assertThat(dashboard.path("uid").asText()).isEqualTo("ppscore");
  }

  @Test
  void shouldChartTheEmbedAndScoreStagesOfTheInferenceMetricsApart() throws IOException {
    // Given the dashboard's queries of the per-stage inference metrics (tag stage: embed or score)
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy", "grafana", "ppscore-dashboard.json").toFile());
    List<JsonNode> targets = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(target -> {
        String expr = target.path("expr").asText();
        if (expr.contains("ppscore_inference_latency") || expr.contains("ppscore_inference_batch_size")) {
          targets.add(target);
        }
      });
    }

    // Then each keeps the stage in its aggregation and its legend (a text-encoder request and a model call
    // were mixed into one p99 and one mean batch size)
    assertThat(targets).hasSize(4);
    for (JsonNode target : targets) {
      String expr = target.path("expr").asText();
      assertThat(expr).as(expr).containsPattern("(sum|max) by \\([^)]*\\bstage\\b");
      assertThat(expr.replaceAll("(sum|max) by \\([^)]*\\)", "")).as(expr).doesNotContainPattern("\\b(sum|max)\\s*\\(");
      assertThat(target.path("legendFormat").asText()).as(expr).contains("{{stage}}");
    }
  }

  @Test
  void shouldScrapePpscoreMetricsOnTheManagementPort() {
    Map<String, Object> prometheus = DeployFiles.documents(Path.of("deploy", "prometheus", "prometheus.yml")).get(0);
    Object job = list(prometheus, "scrape_configs").get(0);
    assertThat(at(job, "metrics_path")).isEqualTo("/metrics");
    assertThat(list(job, "static_configs", 0, "targets")).containsExactly("ppscore:8085");
    assertThat(at(job, "authorization", "type")).isEqualTo("Bearer");
  }

  /** Kafka Streams and JVM series the alerts may use besides ppscore's own: seen on a real scrape (ScoringIT). */
  private static final List<String> KAFKA_AND_JVM_SERIES = List.of("kafka_stream_client_state",
      "kafka_consumer_fetch_manager_records_lag_max", "up");

  @Test
  void shouldAlertOnlyOnSeriesTheAppExportsWithASeverityAndASummary() throws IOException {
    // Given the alert rules Prometheus loads
    Map<String, Object> rules = DeployFiles.documents(Path.of("deploy", "prometheus", "alerts.yml")).get(0);
    List<Object> alerts = list(rules, "groups", 0, "rules");
    String readme = Files.readString(Path.of("README.md"));
    String metricsTable = readme.substring(readme.indexOf("## Metrics"), readme.indexOf("## Bench"));
    List<String> names = new ArrayList<>();

    for (Object alert : alerts) {
      String expr = String.valueOf(at(alert, "expr"));
      // Then each names a severity and a summary
      assertThat(String.valueOf(at(alert, "labels", "severity"))).as(expr).isIn("warning", "critical");
      assertThat(String.valueOf(at(alert, "annotations", "summary"))).as(expr).isNotBlank();
      names.add(String.valueOf(at(alert, "alert")));
      // and every series it reads is one ppscore serves: its own are in the README's metric list
      Matcher series = Pattern.compile("\\b(ppscore_[a-z_]+|kafka_[a-z_]+|up)\\b").matcher(expr);
      assertThat(series.find()).as(expr).isTrue();
      do {
        String name = series.group(1);
        if (name.startsWith("ppscore_")) {
          assertThat(metricsTable).as(expr).contains("`" + name);
        } else {
          assertThat(KAFKA_AND_JVM_SERIES).as(expr).contains(name);
        }
      } while (series.find());
    }
    assertThat(names).doesNotHaveDuplicates().contains("PpscoreDeadLetterRateHigh", "PpscoreStreamThreadReplaced",
        "PpscoreConsumerLagHigh", "PpscoreInstanceDown", "PpscoreInstanceNotRunning", "PpscoreScoringFailedUsers",
        "PpscoreGpuInstanceNotOnCuda");
  }

  @Test
  void shouldKeepEverySeriesTheDashboardAndTheAlertsUseWhenDroppingPerNodeSeries() throws IOException {
    // Given the scrape jobs' metric relabelling, applied as Prometheus does (anchored regexes, source labels
    // joined with ';'), and the series the dashboard and the alerts query, with the labels they carry
    Map<String, Object> prometheus = DeployFiles.documents(Path.of("deploy", "prometheus", "prometheus.yml")).get(0);
    List<String> used = new ArrayList<>(KAFKA_AND_JVM_SERIES);
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy", "grafana", "ppscore-dashboard.json").toFile());
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
      Matcher series = Pattern.compile("\\b((?:ppscore|kafka|jvm)_[a-z_]+)\\{").matcher(target.path("expr").asText());
      while (series.find()) {
        used.add(series.group(1));
      }
    }));
    assertThat(used).contains("kafka_stream_state_block_cache_usage", "kafka_stream_thread_commit_latency_avg");

    for (Object job : list(prometheus, "scrape_configs")) {
      List<Object> relabel = list(job, "metric_relabel_configs");
      for (String name : used) {
        // Micrometer's binder keeps only the per-partition records_lag_max, with topic and partition labels
        Map<String, String> labels = new HashMap<>(Map.of("__name__", name, "client_id", "ppscore-0-StreamThread-1-consumer",
            "thread_id", "ppscore-0-StreamThread-1", "task_id", "0_1", "topic", "orders", "partition", "1"));
        // Then none of them is dropped
        assertThat(relabelled(relabel, labels)).as("%s in job %s", name, at(job, "job_name")).isNotNull()
            .doesNotContainKey("__tmp_keep");
      }
      // and the per-store, per-node and per-partition series are
      for (String dropped : List.of("kafka_stream_state_put_rate", "kafka_stream_processor_node_record_e2e_latency_max",
          "kafka_stream_task_process_rate", "kafka_stream_topic_bytes_consumed_total", "kafka_consumer_node_request_rate",
          "kafka_producer_topic_record_send_rate", "kafka_consumer_fetch_manager_records_lag")) {
        assertThat(relabelled(relabel, new HashMap<>(Map.of("__name__", dropped, "topic", "orders", "partition", "1"))))
            .as(dropped).isNull();
      }
    }
  }

  /** The labels after Prometheus' drop, replace and labeldrop actions, or null when the series is dropped. */
  private static Map<String, String> relabelled(List<Object> rules, Map<String, String> labels) {
    for (Object rule : rules) {
      Map<?, ?> r = (Map<?, ?>) rule;
      String action = String.valueOf(r.containsKey("action") ? r.get("action") : "replace");
      Pattern regex = Pattern.compile(String.valueOf(r.containsKey("regex") ? r.get("regex") : "(.*)"));
      if (action.equals("labeldrop")) {
        labels.keySet().removeIf(name -> regex.matcher(name).matches());
        continue;
      }
      List<String> values = ((List<?>) r.get("source_labels")).stream()
          .map(source -> labels.getOrDefault(String.valueOf(source), "")).toList();
      String joined = String.join(";", values);
      boolean matches = regex.matcher(joined).matches();
      switch (action) {
        case "drop" -> {
          if (matches) {
            return null;
          }
        }
        case "replace" -> {
          if (matches) {
            labels.put(String.valueOf(r.get("target_label")), String.valueOf(r.get("replacement")));
          }
        }
        default -> throw new AssertionError("action " + action + " not simulated here");
      }
    }
    return labels;
  }
}
