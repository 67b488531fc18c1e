package io.ppscore.app;

import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EncoderModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Options {@code train}, {@code evaluate} and {@code score-batch} share. */
final class ModelOptions {

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
      description = "Order history, e.g. ../shared/data/online-retail/online_retail_II_2009-12-01_to_2011-06-30.csv.gz")
  Path input;

  @Option(names = {"-f", "--format"}, defaultValue = "online-retail", converter = ReplayCommand.FormatConverter.class,
      description = "online-retail (default) or rees46.")
  DatasetFormat format;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|cuda[:N]", converter = DeviceConverter.class,
      description = "Where the text encoder runs (default auto: CUDA if available, else CPU).")
  DeviceSpec device;

  @Option(names = "--embedding-cache", paramLabel = "DIR",
      description = "Keep the text embeddings in DIR (a sub-directory per encoder, sequence length, device and model "
          + "files, at most 256 MiB each; only text digests and vectors), so a re-run embeds only the texts it has "
          + "not embedded before (on CPU the same vectors, bit for bit). Default: none, every run embeds every text.")
  Path embeddingCache;

  /** {@code --embedding-cache}, when given. */
  Optional<Path> embeddingCache() {
    return Optional.ofNullable(embeddingCache);
  }

  /**
   * Fails unless {@code --input} is a readable file: called first, so a typo costs no model loading.
   *
   * @throws IllegalArgumentException naming the option and the file
   */
  void checkInputReadable() {
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("--input " + input + ": no such file");
    }
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("--input " + input + ": not a file");
    }
    if (!Files.isReadable(input)) {
      throw new IllegalArgumentException("--input " + input + ": not readable (permission denied)");
    }
  }

  /** The description of {@code --max-sequence-length}, which {@code train} and {@code evaluate} take. */
  static final String MAX_SEQUENCE_LENGTH_DESCRIPTION = "Tokens of each text the encoder keeps, [CLS] and [SEP] "
      + "included (default 128; 8 to 512): longer texts are embedded from their first tokens. train records it in "
      + "the manifest, which score-batch and serving then embed at (unless inference.max.sequence.length is set); "
      + "evaluate records it in its report's command line. No effect with --encoder none.";

  /** Parses {@code --max-sequence-length} while the command line is read: 8 to 512 tokens. */
  static final class SequenceLengthConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int tokens;
      try {
        tokens = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number of tokens");
      }
      if (tokens < io.ppscore.inference.EncoderOptions.MIN_SEQUENCE_LENGTH
          || tokens > io.ppscore.inference.EncoderOptions.MAX_SEQUENCE_LENGTH_LIMIT) {
        throw new TypeConversionException(tokens + " is outside " + io.ppscore.inference.EncoderOptions.MIN_SEQUENCE_LENGTH
            + ".." + io.ppscore.inference.EncoderOptions.MAX_SEQUENCE_LENGTH_LIMIT + " tokens");
      }
      return tokens;
    }
  }

  /** Parses {@code --device} while the command line is read, so a bad value fails before any work. */
  static final class DeviceConverter implements ITypeConverter<DeviceSpec> {
    @Override
    public DeviceSpec convert(String value) {
      try {
        return DeviceSpec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not auto, cpu, cuda or cuda:N (N >= 0)");
      }
    }
  }

  /**
   * Parses {@code --encoder} while the command line is read: an encoder id, or {@code none} (converted to
   * null: a model without text features).
   */
  static final class EncoderConverter implements ITypeConverter<EncoderModel> {
    @Override
    public EncoderModel convert(String value) {
      if ("none".equalsIgnoreCase(value)) {
        return null;
      }
      try {
        return EncoderModel.forId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("unknown encoder '" + value + "': expected none or one of "
            + Arrays.stream(EncoderModel.values()).map(EncoderModel::id).toList());
      }
    }
  }
}
