package io.ppscore.inference;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything that decides which vector a text gets, as the name of the directory its
 * {@link PersistentEmbeddingStore} lives in: a vector written under one space is never read under another.
 * The encoder id (the model and its pooling), the max sequence length (it cuts long texts, so their vectors
 * change with it), the execution provider (CUDA and CPU round differently) and a {@link ModelFingerprint} of
 * the model and tokenizer files, the encoder revision and the ONNX Runtime version. Not in it: the batch size and the intra-op
 * threads, which do not change a vector on CPU (the in-memory cache relies on the same).
 *
 * @param encoderId the encoder's id, e.g. {@code all-minilm-l6-v2}
 * @param maxSequenceLength tokens kept of each text
 * @param provider the execution provider, e.g. {@code cpu}
 * @param fingerprint what else identifies the encoder's files and runtime
 */
public record EmbeddingSpace(String encoderId, int maxSequenceLength, String provider, String fingerprint) {

  /** Bumped when the stored value layout changes, so old directories are left unread. */
  static final int FORMAT = 1;

  private static final Pattern NAME_PART = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public EmbeddingSpace {
    requireNamePart(encoderId, "encoder id");
    requireNamePart(provider, "provider");
    requireNamePart(fingerprint, "fingerprint");
    if (maxSequenceLength < 1) {
      throw new IllegalArgumentException("max sequence length must be positive, got " + maxSequenceLength);
    }
  }

  /** The space of what {@code encoder} computes: its model, options, provider and files. */
  public static EmbeddingSpace of(OnnxTextEncoder encoder) {
    return new EmbeddingSpace(encoder.id(), encoder.options().maxSequenceLength(),
        encoder.providerInUse().name().toLowerCase(Locale.ROOT), ModelFingerprint.of(encoder.model()));
  }

  /** The directory name, e.g. {@code all-minilm-l6-v2-seq128-cpu-v1-3f2a9c01}. */
  public String directoryName() {
    return encoderId + "-seq" + maxSequenceLength + "-" + provider + "-v" + FORMAT + "-" + fingerprint;
  }

  private static void requireNamePart(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!NAME_PART.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " '" + value + "' is not a lower-case directory name part");
    }
  }
}
