package io.ppscore.app;

import static io.ppscore.app.DeployFiles.at;
import static io.ppscore.app.DeployFiles.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        "ppscore_embedding_cache_misses_total", "ppscore_inference_provider_info", "kafka_stream_thread_commit_latency",
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
}
