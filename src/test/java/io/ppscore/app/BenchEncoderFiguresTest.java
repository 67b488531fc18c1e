package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.bench.Baselines;
import io.ppscore.inference.InferenceMetrics;
import io.ppscore.inference.InferenceMetricsFixture;
import io.ppscore.inference.ProviderInUse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchEncoderFiguresTest {

  private static final String QUANTISED = "all-minilm-l6-v2-q";

  @Test
  void shouldReadTheFiguresOfTheEncoderThePipelineOpenedNotOfMiniLm() {
    // Given the pipeline ran the quantised encoder (the registry is static: read the totals before and after)
    InferenceMetrics before = InferenceMetrics.forEncoder(QUANTISED);
    long runs = before.batchesRun();
    long texts = before.textsEmbedded();
    InferenceMetricsFixture.recordRun(QUANTISED, ProviderInUse.CPU, 32, 300, 400, 2_000_000_000L);

    // When the bench reads the encoder figures under the pipeline's encoder id
    BenchEncoderFigures figures = BenchEncoderFigures.of(Optional.of(QUANTISED)).orElseThrow();

    // Then they are that encoder's: its runs, texts and provider, a finite texts/s
    assertThat(figures.encoderId()).isEqualTo(QUANTISED);
    assertThat(figures.runs()).isEqualTo(runs + 1);
    assertThat(figures.texts()).isEqualTo(texts + 32);
    assertThat(figures.provider()).isEqualTo("CPU");
    assertThat(figures.textsPerSecond()).isFinite().isPositive();
  }

  @Test
  void shouldReportNoEncoderFiguresAndNoRatioBWhenThePipelineRanNoEncoder() {
    // Given a pipeline without a text encoder
    Optional<BenchEncoderFigures> figures = BenchEncoderFigures.of(Optional.empty());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("maxRate", Map.of("eventsInPerSecondFromFirstEvent", 500.0));
    BenchPipelineRun.Result pipeline = new BenchPipelineRun.Result(8_000, 800, 300, 6_000, "-", 400, "-", "-", 100,
        "-", "-", 0.5, figures, 0, 0, json);

    // When the ratios are built (no raw-encoder baseline was run)
    Map<String, Object> ratios = BenchCommand.ratios(pipeline, new Baselines.Rate(100_000, 1),
        BenchCommand.RawEncoderBest.NONE, new Baselines.Rate(500, 1));

    // Then there are no encoder figures and no ratio b, the table prints '-', and a and c are there
    assertThat(figures).isEmpty();
    assertThat(pipeline.encoderId()).isEmpty();
    assertThat(ratios).doesNotContainKeys("b_pipelineEmbeddingOverRawEncoderBest", "b_atPipelineThreads");
    assertThat(ratios).containsEntry("a_pipelineInOverPlainConsumer", 0.008).containsEntry("c_pipelineInOverPerRecord", 1.6);
    assertThat(BenchCommand.figure("%.2f", ratios.get("b_pipelineEmbeddingOverRawEncoderBest"))).isEqualTo("-");
  }
}
