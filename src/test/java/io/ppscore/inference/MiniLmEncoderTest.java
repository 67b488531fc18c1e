package io.ppscore.inference;

import static io.ppscore.inference.EmbeddingAssertions.MIXED_ENGLISH;
import static io.ppscore.inference.EmbeddingAssertions.assertBatchParity;
import static io.ppscore.inference.EmbeddingAssertions.assertCloser;
import static io.ppscore.inference.EmbeddingAssertions.assertSameVector;
import static io.ppscore.inference.EmbeddingAssertions.assertUnitRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2 fp32 on CPU: one encoder for the class, small batches so calls span several runs. */
class MiniLmEncoderTest {

  private static OnnxTextEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2,
        EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withBatchSize(3).withIntraOpThreads(2));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void shouldGiveTheSameVectorAloneAndInsideBatchesOfAnyPadding() {
    assertBatchParity(encoder, MIXED_ENGLISH);
  }

  @Test
  void shouldPlaceAHandbagCloserToAPurseThanToAGardenHose() {
    assertCloser(encoder, "red leather handbag", "women's leather purse", "stainless steel garden hose");
  }

  @Test
  void shouldReturnUnitRowsOfTheDeclaredDimensionInCallerOrder() {
    float[][] rows = encoder.embed(MIXED_ENGLISH);

    assertThat(encoder.dimension()).isEqualTo(384);
    assertThat(encoder.id()).isEqualTo("all-minilm-l6-v2");
    assertThat(rows.length).isEqualTo(MIXED_ENGLISH.size());
    assertUnitRows(rows, 384);
    assertSameVector(rows[4], encoder.embed(List.of("mug"))[0]);
  }

  @Test
  void shouldIgnoreTextBeyondTheMaxSequenceLength() {
    String longTitle = EmbeddingAssertions.longText("leather handbag", 200);

    float[] truncated = encoder.embed(List.of(longTitle))[0];
    float[] withDifferentTail = encoder.embed(List.of(longTitle + " garden hose garden hose"))[0];

    assertSameVector(withDifferentTail, truncated);
  }

  @Test
  void shouldEmbedAnEmptyListAndAnEmptyText() {
    assertThat(encoder.embed(List.of())).isEmpty();
    assertUnitRows(encoder.embed(List.of("")), 384);
  }

  @Test
  void shouldRejectANullText() {
    assertThatThrownBy(() -> encoder.embed(Arrays.asList("mug", null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("null");
  }

  @Test
  void shouldCountTextsAndBatchesInTheEncoderMetrics() {
    long textsBefore = encoder.metrics().textsEmbedded();
    long batchesBefore = encoder.metrics().batchesRun();

    encoder.embed(List.of("a", "b", "c", "d", "e", "f", "g"));

    assertThat(encoder.metrics().textsEmbedded() - textsBefore).isEqualTo(7);
    assertThat(encoder.metrics().batchesRun() - batchesBefore).isEqualTo(3);
    assertThat(InferenceMetrics.forEncoder("all-minilm-l6-v2")).isSameAs(encoder.metrics());
  }

  @Test
  void shouldNotPadShortTitlesToALongTextInTheSameCall() {
    String longText = EmbeddingAssertions.longText("leather handbag", 60);
    List<String> texts = List.of("mug", "red scarf", longText); // one batch of 3: padded to 128 tokens in one run
    float[] longAlone = encoder.embed(List.of(longText))[0];
    long attendedBefore = encoder.metrics().tokensAttended();
    long computedBefore = encoder.metrics().tokensComputed();

    float[][] rows = encoder.embed(texts);

    long attended = encoder.metrics().tokensAttended() - attendedBefore;
    long computed = encoder.metrics().tokensComputed() - computedBefore;
    // the two titles run apart from the long text: only their own few padding tokens are computed
    assertThat(computed - attended).isLessThan(10);
    assertSameVector(rows[2], longAlone);
    assertSameVector(rows[0], encoder.embed(List.of("mug"))[0]);
  }
}
