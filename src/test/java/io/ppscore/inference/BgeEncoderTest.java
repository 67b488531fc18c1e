package io.ppscore.inference;

import static io.ppscore.inference.EmbeddingAssertions.assertBatchParity;
import static io.ppscore.inference.EmbeddingAssertions.assertCloser;
import static io.ppscore.inference.EmbeddingAssertions.assertUnitRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** bge-small-zh-v1.5 on CPU (CLS pooling, 512 dimensions). */
class BgeEncoderTest {

  private static final List<String> MIXED_CHINESE = List.of(
      "红色皮革手提包",
      "杯子",
      "女士真皮手提包，金色拉链，可拆卸肩带，三个内袋，适合日常通勤和旅行使用",
      "不锈钢花园水管",
      "USB-C 数据线",
      "纯棉圆领T恤三件装，海军蓝、白色、灰色，常规版型，可机洗，葡萄牙制造，有机棉认证，男女同款，尺码XS至XXL"
          .repeat(3),
      EmbeddingAssertions.longText("无线降噪耳机", 40),
      "儿童自行车16寸带辅助轮");

  private static OnnxTextEncoder encoder;

  @BeforeAll
  static void open() {
    encoder = OnnxTextEncoder.open(EncoderModel.BGE_SMALL_ZH_V15,
        EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withBatchSize(3).withIntraOpThreads(2));
  }

  @AfterAll
  static void close() {
    encoder.close();
  }

  @Test
  void shouldGiveTheSameVectorAloneAndInsideBatchesOfAnyPadding() {
    assertBatchParity(encoder, MIXED_CHINESE);
  }

  @Test
  void shouldPlaceAHandbagCloserToAPurseThanToAGardenHoseInChinese() {
    assertCloser(encoder, "红色皮革手提包", "女士皮包", "不锈钢花园水管");
  }

  @Test
  void shouldEmbedCapitalisedLatinWordsAsTheirLowerCaseForms() {
    // Its vocabulary has no upper-case letter: read as bundled, "NIKE" and "iPhone" were [UNK]
    float[][] rows = encoder.embed(List.of("NIKE 男士跑步鞋", "nike 男士跑步鞋", "Apple iPhone 15 手机壳",
        "apple iphone 15 手机壳"));

    assertThat(Vectors.dot(rows[0], rows[1])).isGreaterThan(0.99999f);
    assertThat(Vectors.dot(rows[2], rows[3])).isGreaterThan(0.99999f);
  }

  @Test
  void shouldStripAccentsWithTheLowerCasingAsBertChinesesTokenizerDoes() {
    float[][] rows = encoder.embed(List.of("Café 咖啡杯", "cafe 咖啡杯"));

    assertThat(Vectors.dot(rows[0], rows[1])).isGreaterThan(0.99999f);
  }

  @Test
  void shouldPlaceAnUpperCaseEnglishHandbagCloserToAPurseThanToAGardenHose() {
    // The Online Retail II titles are upper-case English: each was mostly [UNK] to the bundled tokenizer
    assertCloser(encoder, "RED LEATHER HANDBAG", "WOMEN'S LEATHER PURSE", "GARDEN HOSE");
  }

  @Test
  void shouldReturnUnitRowsOf512Dimensions() {
    assertThat(encoder.dimension()).isEqualTo(512);
    assertThat(encoder.id()).isEqualTo("bge-small-zh-v1.5");
    assertUnitRows(encoder.embed(MIXED_CHINESE), 512);
  }
}
