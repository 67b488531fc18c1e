package io.ppscore.app;

import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EncoderModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options {@code train}, {@code evaluate} and {@code score-batch} share. */
final class ModelOptions {

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
      description = "Order history, e.g. ../shared/data/online-retail/online_retail_II_2009-12-01_to_2011-06-30.csv.gz")
  Path input;

  @Option(names = {"-f", "--format"}, defaultValue = "online-retail", converter = ReplayCommand.FormatConverter.class,
      description = "online-retail (default) or rees46.")
  DatasetFormat format;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]",
      description = "Where the text encoder runs (default auto: CUDA if available, else CPU).")
  String device;

  DeviceSpec deviceSpec() {
    return DeviceSpec.parse(device);
  }

  static EncoderModel encoder(String id) {
    return "none".equalsIgnoreCase(id) ? null : EncoderModel.forId(id);
  }
}
