package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.ppscore.LoggedWarnings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Texts an encoder's vocabulary does not cover (MiniLM and Chinese): counted and warned of, never silently
 * embedded as noise. Each test opens its own encoder, since the warning is once per encoder.
 */
class UnknownTokenTextsTest {

  @RegisterExtension
  final LoggedWarnings warnings = new LoggedWarnings("io.ppscore.inference");

  @Test
  void shouldCountChineseTitlesMiniLmCannotReadAndWarnOnceNamingTheEncoderAndBge() {
    try (OnnxTextEncoder miniLm = open(EncoderModel.MINILM_L6_V2)) {
      // Given MiniLM, whose vocabulary lacks these characters: two unrelated titles get the same vector
      float[][] rows = miniLm.embed(List.of("红色皮包", "汽车轮胎"));
      assertThat(Vectors.dot(rows[0], rows[1])).isGreaterThan(0.999);
      long before = miniLm.metrics().unknownTokenTexts();

      // When it embeds Chinese, English and mixed titles, twice
      List<String> titles = List.of("红色皮包", "red leather handbag", "红色皮包 red bag", "红 red leather bag", "汽车轮胎");
      miniLm.embed(titles);
      miniLm.embed(titles);

      // Then the texts mostly [UNK] are counted each time (4 of 6 pieces; 1 of 4 is not mostly) ...
      assertThat(miniLm.metrics().unknownTokenTexts() - before).isEqualTo(6);
      // ... and one WARN, from the first call, names the encoder and the model for Chinese but no text
      List<ILoggingEvent> warned = warnings.list();
      assertThat(warned).hasSize(1);
      String message = warned.get(0).getFormattedMessage();
      assertThat(message).contains("all-minilm-l6-v2", "[UNK]", "--encoder bge-small-zh-v1.5",
          "ppscore_encoder_unknown_token_texts_total");
      assertThat(message).doesNotContain("红", "汽", "red");
    }
  }

  @Test
  void shouldNotCountChineseOrUpperCaseEnglishTitlesForBge() {
    try (OnnxTextEncoder bge = open(EncoderModel.BGE_SMALL_ZH_V15)) {
      long before = bge.metrics().unknownTokenTexts();

      bge.embed(List.of("红色皮包", "汽车轮胎", "USB-C 数据线", "NIKE AIR MAX", "JUMBO BAG RED RETROSPOT"));

      assertThat(bge.metrics().unknownTokenTexts() - before).isZero();
      assertThat(warnings.list()).isEmpty();
    }
  }

  @Test
  void shouldNotCountEnglishTitlesOrTextsWithoutWordPiecesForMiniLm() {
    try (OnnxTextEncoder miniLm = open(EncoderModel.MINILM_L6_V2)) {
      long before = miniLm.metrics().unknownTokenTexts();

      miniLm.embed(List.of("red leather handbag", "", "JUMBO BAG RED RETROSPOT"));

      assertThat(miniLm.metrics().unknownTokenTexts() - before).isZero();
      assertThat(warnings.list()).isEmpty();
    }
  }

  private static OnnxTextEncoder open(EncoderModel model) {
    return OnnxTextEncoder.open(model,
        EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withBatchSize(4).withIntraOpThreads(1));
  }
}
