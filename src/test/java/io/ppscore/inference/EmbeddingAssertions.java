package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

/** Assertions and text fixtures shared by the real-model encoder tests. */
final class EmbeddingAssertions {

  static final double PARITY_TOLERANCE = 1e-5;

  /** Short and long titles, the long ones past 128 tokens so they are truncated. */
  static final List<String> MIXED_ENGLISH = List.of(
      "red leather handbag",
      "USB-C cable",
      "women's leather purse with gold zip, detachable shoulder strap and three inner pockets",
      "stainless steel garden hose",
      "mug",
      "organic cotton crew-neck t-shirt, pack of 3, navy / white / grey, regular fit, machine washable "
          + "at 40 degrees, made in Portugal from certified organic cotton, unisex sizes XS to XXL",
      longText("wireless noise cancelling headphones with", 60),
      "kids' bicycle 16 inch with stabilisers");

  private EmbeddingAssertions() {}

  static String longText(String prefix, int fillerWords) {
    StringBuilder text = new StringBuilder(prefix);
    for (int i = 0; i < fillerWords; i++) {
      text.append(" feature").append(i);
    }
    return text.toString();
  }

  static void assertSameVector(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("component %d", i).isCloseTo(expected[i], within(PARITY_TOLERANCE));
    }
  }

  /** Embeds each text alone, then in batches of several compositions, and asserts the rows agree. */
  static void assertBatchParity(TextEncoder encoder, List<String> texts) {
    List<float[]> alone = new ArrayList<>();
    for (String text : texts) {
      alone.add(encoder.embed(List.of(text))[0]);
    }
    List<List<Integer>> compositions = List.of(
        List.of(0, 1), List.of(5, 0, 3), List.of(6, 2, 0, 4, 1), reversed(texts.size()), all(texts.size()),
        repeatedAll(texts.size(), 3));
    for (List<Integer> composition : compositions) {
      List<String> batch = composition.stream().map(texts::get).toList();
      float[][] rows = encoder.embed(batch);
      for (int k = 0; k < rows.length; k++) {
        assertSameVector(rows[k], alone.get(composition.get(k)));
      }
    }
  }

  static void assertUnitRows(float[][] rows, int dimension) {
    for (float[] row : rows) {
      assertThat(row).hasSize(dimension);
      assertThat(Math.sqrt(Vectors.dot(row, row))).isCloseTo(1.0, within(1e-5));
    }
  }

  /** Asserts {@code anchor} is closer (cosine) to {@code near} than to {@code far}. */
  static void assertCloser(TextEncoder encoder, String anchor, String near, String far) {
    float[][] v = encoder.embed(List.of(anchor, near, far));
    double toNear = Vectors.cosine(v[0], v[1]);
    double toFar = Vectors.cosine(v[0], v[2]);
    assertThat(toNear).as("cos(%s, %s) vs cos(%s, %s)=%s", anchor, near, anchor, far, toFar)
        .isGreaterThan(toFar);
  }

  private static List<Integer> reversed(int n) {
    List<Integer> order = new ArrayList<>(all(n));
    java.util.Collections.reverse(order);
    return order;
  }

  private static List<Integer> all(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toList();
  }

  private static List<Integer> repeatedAll(int n, int times) {
    List<Integer> order = new ArrayList<>();
    for (int t = 0; t < times; t++) {
      order.addAll(all(n));
    }
    return order;
  }
}
