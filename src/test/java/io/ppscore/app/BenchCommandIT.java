package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small {@code bench} run end to end (embedded broker and registry, the committed model, the full
 * topology with risk rules and erasure): it must finish, score users and write every section of its JSON.
 * Figures are not asserted beyond being measured at all: speed is reported by the bench, never tested.
 */
class BenchCommandIT {

  @Test
  void shouldMeasureTheWholePipelineAndTheBaselinesOnASmallRun(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = Main.commandLine().execute("bench", "--events", "300", "--paced-seconds", "3",
          "--per-record-events", "10", "--encoder-texts", "16", "--model-dir", "models", "--device", "cpu",
          "--out", json.toString());
    } finally {
      System.setOut(previous);
    }

    assertThat(exit).as("bench output:%n%s", out.toString(StandardCharsets.UTF_8)).isZero();
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertThat(result.path("events").asInt()).isEqualTo(300);
    JsonNode pipeline = result.path("pipeline");
    assertThat(pipeline.path("maxRate").path("scoresOut").asLong()).as("scores out in the max-rate phase").isPositive();
    assertThat(pipeline.path("provider").asText()).isEqualTo("CPU");
    assertThat(pipeline.path("peakRssBytes").asLong()).isPositive();
    assertThat(result.path("plainConsumer").path("eventsPerSecond").asDouble()).isPositive();
    assertThat(result.path("perRecord").path("eventsPerSecond").asDouble()).isPositive();
    assertThat(result.path("ratios").path("a_pipelineInOverPlainConsumer").asDouble()).isPositive();
    assertThat(pipeline.path("maxRate").path("warmUpEvents").asLong()).isEqualTo(60);
    assertThat(pipeline.path("maxRate").path("eventsInPerSecondFromFirstEvent").asDouble()).isPositive();
    assertThat(pipeline.path("streamThreadsCpuMs").asDouble()).isPositive();
    assertThat(pipeline.path("clientMetrics").path("stream-thread.process-total").asDouble()).isGreaterThanOrEqualTo(300);
    assertThat(result.path("rawEncoderAtPipelineThreads").path("bestTextsPerSecond").asDouble()).isPositive();
    assertThat(result.path("ratios").path("b_atPipelineThreads").asDouble()).isPositive();
    JsonNode visible = pipeline.path("paced").path("visibleLatencyMs");
    assertThat(visible.path("count").asInt()).as("paced scores seen by a read_committed consumer").isPositive();
    assertThat(visible.path("p99").asDouble()).isGreaterThanOrEqualTo(visible.path("p50").asDouble()).isPositive();
    // per paced event, with the earlier per-score figure beside it, and the paced rate achieved
    assertThat(visible.path("perScore").path("count").asInt()).isPositive().isLessThanOrEqualTo(visible.path("count").asInt());
    assertThat(pipeline.path("paced").path("eventsSent").asLong()).isPositive();
    assertThat(pipeline.path("paced").path("achievedEventsPerSecond").asDouble()).isPositive();
    // the encoder figures are the encoder's the pipeline opened (the shipped model's)
    assertThat(pipeline.path("encoderId").asText()).isNotBlank();
    assertThat(pipeline.path("encoderModelRuns").path("runs").asLong()).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("| ratio a");
  }
}
