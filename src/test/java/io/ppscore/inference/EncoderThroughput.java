package io.ppscore.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures (does not assert) encoder throughput in titles per second on deterministic short product
 * titles: fp32 MiniLM at batch 128 and int8 MiniLM at batch 32, on CPU. Not a test; run by hand:
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *     io.ppscore.inference.EncoderThroughput [intraOpThreads]
 * </pre>
 */
public final class EncoderThroughput {

  private static final String[] BRANDS = {"Acme", "Nordic", "Urban", "Zen", "Atlas", "Lumen", "Pico"};
  private static final String[] COLOURS = {"red", "black", "navy", "white", "green", "grey", "beige"};
  private static final String[] MATERIALS = {"leather", "cotton", "steel", "bamboo", "wool", "ceramic"};
  private static final String[] PRODUCTS = {"handbag", "t-shirt", "garden hose", "coffee mug", "backpack",
      "desk lamp", "running shoes", "water bottle", "phone case", "scarf", "cutting board"};

  private EncoderThroughput() {}

  /** Entry point; the optional argument is the intra-op thread count (0 = ONNX Runtime default). */
  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    run(EncoderModel.MINILM_L6_V2, 128, threads);
    run(EncoderModel.MINILM_L6_V2_INT8, 32, threads);
  }

  private static void run(EncoderModel model, int batchSize, int threads) {
    EncoderOptions options = EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withBatchSize(batchSize)
        .withIntraOpThreads(threads);
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(model, options)) {
      encoder.embed(titles(2 * batchSize)); // warm-up
      for (int count : new int[] {100, 500, 2000}) {
        List<String> titles = titles(count);
        long started = System.nanoTime();
        encoder.embed(titles);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "%-20s batch %3d  %5d titles  %6.2f s  %7.1f titles/s%n",
            model.id(), batchSize, count, seconds, count / seconds);
      }
    }
  }

  /** {@code count} distinct titles such as "Nordic navy wool scarf 17", the same on every run. */
  static List<String> titles(int count) {
    List<String> titles = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      titles.add(BRANDS[i % BRANDS.length] + " " + COLOURS[(i / 7) % COLOURS.length] + " "
          + MATERIALS[(i / 3) % MATERIALS.length] + " " + PRODUCTS[(i / 5) % PRODUCTS.length] + " " + (i % 50));
    }
    return titles;
  }
}
