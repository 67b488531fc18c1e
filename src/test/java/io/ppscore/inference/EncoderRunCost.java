package io.ppscore.inference;

import java.util.List;
import java.util.Locale;

/**
 * Measures (does not assert) the time of one model run by its number of texts, on the same short titles,
 * to separate a run's fixed cost from its cost per text (the basis of {@link BatchPlan#RUN_OVERHEAD_TOKENS}).
 * Not a test; run by hand:
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/test-classes:target/classes:$(mvn -q -o dependency:build-classpath -Dmdep.outputFile=/dev/stdout) \
 *     io.ppscore.inference.EncoderRunCost [intraOpThreads]
 * </pre>
 */
public final class EncoderRunCost {

  private EncoderRunCost() {}

  /** Entry point; the optional argument is the intra-op thread count (default 1, as the app on 2 cores). */
  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    EncoderOptions options = EncoderOptions.defaults().withDevice(DeviceSpec.cpu()).withBatchSize(256)
        .withIntraOpThreads(threads);
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(EncoderModel.MINILM_L6_V2, options)) {
      List<String> titles = EncoderThroughput.titles(4096);
      encoder.embed(titles.subList(0, 256)); // warm-up
      for (int rows : new int[] {1, 2, 4, 8, 16, 32, 64, 128}) {
        int calls = Math.max(20, 1024 / rows);
        long started = System.nanoTime();
        for (int c = 0; c < calls; c++) {
          int from = (c * rows) % 3000;
          encoder.embed(titles.subList(from, from + rows));
        }
        double ms = (System.nanoTime() - started) / 1e6 / calls;
        System.out.printf(Locale.ROOT, "%3d texts per run  %8.3f ms per run  %6.3f ms per text%n", rows, ms, ms / rows);
      }
    }
  }
}
