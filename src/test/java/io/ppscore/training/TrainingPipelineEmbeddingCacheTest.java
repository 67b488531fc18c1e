package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.replay.OnlineRetailReader;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --embedding-cache} of train, evaluate, score-batch and model-reference. */
class TrainingPipelineEmbeddingCacheTest {

  private static final String ORDERS = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
      + "489434,85048,WHITE HANGING HEART T-LIGHT HOLDER,12,2009-12-01 07:45,6.95,13085.0,United Kingdom\n"
      + "489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45,6.75,13085.0,United Kingdom\n"
      + "489435,22350,CAT BOWL,12,2009-12-01 07:46,2.55,13086.0,United Kingdom\n";

  @TempDir
  Path cache;

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final TrainingPipeline pipeline = new TrainingPipeline(new PrintStream(progress, true, StandardCharsets.UTF_8));

  @Test
  void shouldEmbedOnlyTextsNotInTheCacheOnARerunAndLookUpTheSameVectors() {
    List<ReplayEvent> events = pipeline.load(new OnlineRetailReader(), source());
    List<String> titles = List.of("WHITE HANGING HEART T-LIGHT HOLDER", "PINK CHERRY LIGHTS", "CAT BOWL");

    // Given a first run that embedded the titles into the cache
    EmbeddingLookup first;
    try (OnnxTextEncoder encoder = pipeline.openEncoder(EncoderModel.MINILM_L6_V2_INT8, DeviceSpec.cpu())) {
      first = pipeline.embeddings(events, encoder, Optional.of(cache));
    }
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("0 texts read from the embedding cache, 3 embedded");
    progress.reset();

    // When the command runs again with the same cache
    EmbeddingLookup second;
    try (OnnxTextEncoder encoder = pipeline.openEncoder(EncoderModel.MINILM_L6_V2_INT8, DeviceSpec.cpu())) {
      second = pipeline.embeddings(events, encoder, Optional.of(cache));
    }

    // Then every title is read from the cache, none embedded, and the vectors are the first run's
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("cached in " + cache.toAbsolutePath())
        .contains("3 texts read from the embedding cache, 0 embedded");
    for (String title : titles) {
      assertThat(second.embedding(title)).as(title).isNotNull().isEqualTo(first.embedding(title));
    }
  }

  @Test
  void shouldEmbedEverythingAndSaySoWhenTheCacheCannotBeOpened() throws Exception {
    // Given --embedding-cache naming a regular file
    Path file = java.nio.file.Files.writeString(cache.resolve("a-file"), "x");
    List<ReplayEvent> events = pipeline.load(new OnlineRetailReader(), source());

    // When the texts are embedded, then the command carries on without the cache and says so (no misleading counts)
    try (OnnxTextEncoder encoder = pipeline.openEncoder(EncoderModel.MINILM_L6_V2_INT8, DeviceSpec.cpu())) {
      assertThat(pipeline.embeddings(events, encoder, Optional.of(file)).embedding("CAT BOWL")).hasSize(384);
    }
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("without the embedding cache, which could not be opened: " + file.toAbsolutePath())
        .contains("embedded 3/3 distinct texts")
        .doesNotContain("read from the embedding cache");
  }

  @Test
  void shouldEmbedWithoutACacheWhenNoneIsGiven() {
    List<ReplayEvent> events = pipeline.load(new OnlineRetailReader(), source());
    try (OnnxTextEncoder encoder = pipeline.openEncoder(EncoderModel.MINILM_L6_V2_INT8, DeviceSpec.cpu())) {
      assertThat(pipeline.embeddings(events, encoder, Optional.empty()).embedding("CAT BOWL")).hasSize(384);
    }
    assertThat(progress.toString(StandardCharsets.UTF_8)).doesNotContain("embedding cache");
    assertThat(cache.toFile().list()).isEmpty();
  }

  private static ReplaySource source() {
    return new ReplaySource() {
      @Override
      public java.io.InputStream open() {
        return new ByteArrayInputStream(ORDERS.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public String toString() {
        return "orders.csv";
      }
    };
  }
}
