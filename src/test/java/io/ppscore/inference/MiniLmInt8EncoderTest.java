package io.ppscore.inference;

import static io.ppscore.inference.EmbeddingAssertions.MIXED_ENGLISH;
import static io.ppscore.inference.EmbeddingAssertions.assertBatchParity;
import static io.ppscore.inference.EmbeddingAssertions.assertCloser;
import static io.ppscore.inference.EmbeddingAssertions.assertUnitRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2 quantised to int8, on CPU. */
class MiniLmInt8EncoderTest {

  private static OnnxTextEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2_INT8,
        EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withIntraOpThreads(2));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void shouldGiveTheSameVectorAloneAndInsideBatchesOfAnyComposition() {
    // dynamic quantisation takes one scale over the whole run, so only a run of one text is invariant
    assertBatchParity(encoder, MIXED_ENGLISH);
  }

  @Test
  void shouldEmbedAHandbagAloneAsInACallWithABackpack() {
    float[] alone = encoder.embed(List.of("red leather handbag"))[0];
    float[] withBackpack = encoder.embed(List.of("red leather handbag", "blue canvas backpack"))[0];

    EmbeddingAssertions.assertSameVector(withBackpack, alone);
  }

  @Test
  void shouldRunEachTextAloneCutToItsOwnLength() {
    long batchesBefore = encoder.metrics().batchesRun();
    long attendedBefore = encoder.metrics().tokensAttended();
    long computedBefore = encoder.metrics().tokensComputed();

    encoder.embed(MIXED_ENGLISH);

    assertThat(encoder.metrics().batchesRun() - batchesBefore).isEqualTo(MIXED_ENGLISH.size());
    assertThat(encoder.metrics().tokensComputed() - computedBefore)
        .isEqualTo(encoder.metrics().tokensAttended() - attendedBefore);
  }

  @Test
  void shouldPlaceAHandbagCloserToAPurseThanToAGardenHose() {
    assertCloser(encoder, "red leather handbag", "women's leather purse", "stainless steel garden hose");
  }

  @Test
  void shouldStayCloseToTheFp32ModelItQuantises() {
    try (OnnxTextEncoder fp32 = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2,
        EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withIntraOpThreads(2))) {
      float[][] quantised = encoder.embed(MIXED_ENGLISH);
      float[][] reference = fp32.embed(MIXED_ENGLISH);

      for (int i = 0; i < reference.length; i++) {
        assertThat(Vectors.cosine(quantised[i], reference[i])).as(MIXED_ENGLISH.get(i)).isGreaterThan(0.9);
      }
    }
  }

  @Test
  void shouldEmbedConcurrentCallsExactlyLikeSequentialOnes() throws Exception {
    float[][] sequential = encoder.embed(MIXED_ENGLISH);
    assertThat(sequential).hasNumberOfRows(MIXED_ENGLISH.size());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        results.add(pool.submit(() -> encoder.embed(MIXED_ENGLISH)));
      }
      for (Future<float[][]> result : results) {
        float[][] rows = result.get(60, TimeUnit.SECONDS);
        assertThat(rows).hasNumberOfRows(sequential.length);
        for (int i = 0; i < rows.length; i++) {
          EmbeddingAssertions.assertSameVector(rows[i], sequential[i]);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldReturnUnitRowsOf384Dimensions() {
    assertThat(encoder.id()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(encoder.dimension()).isEqualTo(384);
    assertUnitRows(encoder.embed(MIXED_ENGLISH), 384);
  }
}
