package io.ppscore.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TextEncoder} running one of the bundled {@link EncoderModel}s in ONNX Runtime. Each call
 * tokenises its texts, sorts them by token count and runs them in the runs a {@link BatchPlan} chooses (at
 * most {@link EncoderOptions#batchSize()} texts each, every run cut to its own longest text, so little work
 * goes into padding; one text per run for a model that is not {@link EncoderModel#batchInvariant()}), pools
 * per the model card, L2-normalises, and returns rows in the caller's order. Texts whose word pieces are
 * mostly {@code [UNK]} are embedded all the same, counted ({@link InferenceMetrics#unknownTokenTexts()}) and
 * warned of once per encoder. Thread-safe; {@link #close()} waits for calls in flight.
 */
public final class OnnxTextEncoder implements TextEncoder {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxTextEncoder.class);

  static final Set<String> KNOWN_INPUTS =
      Set.of(TokenBatch.INPUT_IDS, TokenBatch.ATTENTION_MASK, TokenBatch.TOKEN_TYPE_IDS);

  /** Texts tokenised at a time within one call. */
  private static final int TOKENIZE_SLICE = 4096;

  private final EncoderModel model;
  private final EncoderOptions options;
  private final OrtEnvironment env;
  private final HuggingFaceTokenizer tokenizer;
  private final OpenedSession opened;
  private final List<String> inputNames;
  private final String outputName;
  private final InferenceMetrics metrics;
  private final AtomicBoolean warnedUnknownTokens = new AtomicBoolean();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private OnnxTextEncoder(EncoderModel model, EncoderOptions options, OrtEnvironment env,
      HuggingFaceTokenizer tokenizer, OpenedSession opened) {
    this.model = model;
    this.options = options;
    this.env = env;
    this.tokenizer = tokenizer;
    this.opened = opened;
    this.inputNames = ModelSignature.inputs(opened.session(), KNOWN_INPUTS, model);
    this.outputName = ModelSignature.hiddenStateOutput(opened.session(), model);
    this.metrics = InferenceMetrics.forEncoder(model.id());
  }

  /**
   * Loads {@code model} from the classpath and opens it on the device the options ask for; with
   * {@code auto}, a CUDA session is kept only after one probe inference on it ran (else CPU, with a WARN).
   *
   * @throws CudaUnavailableException if the device is {@code cuda[:N]} and CUDA cannot be used
   * @throws IllegalStateException if the model files are missing or do not match {@code model}
   */
  public static OnnxTextEncoder open(EncoderModel model, EncoderOptions options) {
    return open(model, options, ExecutionProviders.ONNX_RUNTIME);
  }

  /** {@link #open(EncoderModel, EncoderOptions)} adding CUDA with {@code providers}; for tests. */
  static OnnxTextEncoder open(EncoderModel model, EncoderOptions options, ExecutionProviders providers) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(options, "options");
    HuggingFaceTokenizer tokenizer = ModelResources.tokenizer(model, options.maxSequenceLength());
    OpenedSession opened = null;
    try {
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      opened = providers.open(env, ModelResources.read(model.modelResource()), model.id(), options.device(),
          options.intraOpThreads(), EncoderProbe.of(model, tokenizer, env));
      OnnxTextEncoder encoder = new OnnxTextEncoder(model, options, env, tokenizer, opened);
      encoder.metrics.providerInUse(opened.provider());
      return encoder;
    } catch (OrtException e) {
      closeQuietly(tokenizer, opened);
      throw new IllegalStateException("cannot open encoder " + model.id() + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      closeQuietly(tokenizer, opened);
      throw e;
    }
  }

  @Override
  public String id() {
    return model.id();
  }

  /**
   * The id, plus {@code +r<revision>} from revision 2 on and {@code +seq<length>} at another max sequence length
   * than {@link EncoderOptions#DEFAULT_MAX_SEQUENCE_LENGTH}: both change vectors under the same id. At revision 1
   * and the default length it is the bare id, as profiles stored before this qualification carry.
   */
  @Override
  public String profileSpace() {
    return profileSpace(model, options.maxSequenceLength());
  }

  static String profileSpace(EncoderModel model, int maxSequenceLength) {
    return model.id() + (model.revision() > 1 ? "+r" + model.revision() : "")
        + (maxSequenceLength != EncoderOptions.DEFAULT_MAX_SEQUENCE_LENGTH ? "+seq" + maxSequenceLength : "");
  }

  @Override
  public int dimension() {
    return model.dimension();
  }

  /** The bundled model this encoder runs. */
  public EncoderModel model() {
    return model;
  }

  /** The options it was opened with. */
  public EncoderOptions options() {
    return options;
  }

  /** The execution provider the session runs on. */
  public ProviderInUse providerInUse() {
    return opened.provider();
  }

  /** Why {@code auto} fell back to CPU; empty when it did not (or the device was not {@code auto}). */
  public Optional<String> fallbackReason() {
    return opened.fallbackReason();
  }

  /** Whether opening tried the CUDA provider at all. */
  public boolean cudaAttempted() {
    return opened.cudaAttempted();
  }

  /** The metrics of this encoder's id. */
  public InferenceMetrics metrics() {
    return metrics;
  }

  @Override
  public float[][] embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    for (int i = 0; i < texts.size(); i++) {
      Objects.requireNonNull(texts.get(i), () -> "texts contains null");
    }
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("encoder " + model.id() + " is closed");
      }
      return embedOpen(texts);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private float[][] embedOpen(List<String> texts) {
    float[][] vectors = new float[texts.size()][];
    // tokenise in slices so one huge call does not hold every padded row at once
    for (int from = 0; from < texts.size(); from += TOKENIZE_SLICE) {
      List<String> slice = texts.subList(from, Math.min(texts.size(), from + TOKENIZE_SLICE));
      float[][] rows = embedSlice(slice);
      System.arraycopy(rows, 0, vectors, from, rows.length);
    }
    return vectors;
  }

  /**
   * Tokenises {@code texts} once, sorts them by token count and runs them in the {@link BatchPlan}'s runs,
   * each cut to its own longest text, so little of the model's work goes into padding.
   */
  private float[][] embedSlice(List<String> texts) {
    long started = System.nanoTime();
    Encoding[] encodings = tokenizer.batchEncode(texts);
    int[] lengths = new int[encodings.length];
    int mostlyUnknown = 0;
    for (int i = 0; i < encodings.length; i++) {
      lengths[i] = TokenBatch.attendedLength(encodings[i]);
      mostlyUnknown += UnknownTokens.mostlyUnknown(encodings[i]) ? 1 : 0;
    }
    countUnknownTokenTexts(mostlyUnknown);
    int[] order = IntStream.range(0, texts.size()).boxed()
        .sorted(Comparator.<Integer>comparingInt(i -> lengths[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    int[] sortedLengths = new int[order.length];
    for (int k = 0; k < order.length; k++) {
      sortedLengths[k] = lengths[order[k]];
    }
    metrics.recordTokenisation(System.nanoTime() - started);
    float[][] vectors = new float[texts.size()][];
    for (BatchPlan.Run run : BatchPlan.of(sortedLengths, rowsPerRun(), BatchPlan.RUN_OVERHEAD_TOKENS)) {
      int[] rows = Arrays.copyOfRange(order, run.from(), run.to());
      long attended = 0;
      for (int k = run.from(); k < run.to(); k++) {
        attended += sortedLengths[k];
      }
      float[][] pooled = runBatch(TokenBatch.of(encodings, rows, run.longest()), attended);
      for (int r = 0; r < rows.length; r++) {
        vectors[rows[r]] = pooled[r];
      }
    }
    return vectors;
  }

  /**
   * Counts {@code texts} mostly-{@code [UNK]} texts and, the first time, logs one WARN saying what the model
   * cannot read; never the text (a search text may be personal).
   */
  private void countUnknownTokenTexts(int texts) {
    if (texts == 0) {
      return;
    }
    metrics.recordUnknownTokenTexts(texts);
    if (warnedUnknownTokens.compareAndSet(false, true)) {
      LOG.warn("Encoder {} embedded {} text(s) whose word pieces are mostly [UNK], outside its vocabulary: their "
          + "vectors say next to nothing about them and they add noise to the text profiles. {} Counted in "
          + "ppscore_encoder_unknown_token_texts_total; logged once per encoder.", model.id(), texts, advice(model));
    }
  }

  private static String advice(EncoderModel model) {
    return model == EncoderModel.BGE_SMALL_ZH_V15
        ? "It knows few Latin-script words: for English text train with --encoder all-minilm-l6-v2."
        : "It knows few Chinese characters: for Chinese text train with --encoder bge-small-zh-v1.5.";
  }

  /** The most texts in one model run: one for a model whose vectors would depend on the run's other texts. */
  private int rowsPerRun() {
    return model.batchInvariant() ? options.batchSize() : 1;
  }

  /** Runs one model call on {@code batch}, whose rows hold {@code attended} tokens of text in all. */
  private float[][] runBatch(TokenBatch batch, long attended) {
    long started = System.nanoTime();
    try (TokenBatch.InputTensors inputs = batch.tensors(env, inputNames);
        OrtSession.Result result = opened.session().run(inputs.byName(), Set.of(outputName))) {
      OnnxValue value = result.get(outputName).orElseThrow(
          () -> new IllegalStateException(model.id() + " returned no " + outputName));
      FloatBuffer hidden = ((OnnxTensor) value).getFloatBuffer();
      float[][] rows = new float[batch.rows()][];
      for (int row = 0; row < batch.rows(); row++) {
        rows[row] = pooledRow(model, hidden, batch, row);
      }
      metrics.recordBatch(batch.rows(), attended, (long) batch.rows() * batch.sequenceLength(),
          System.nanoTime() - started);
      return rows;
    } catch (OrtException e) {
      throw new IllegalStateException("inference failed in encoder " + model.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Row {@code row} of {@code hidden} pooled and L2-normalised.
   *
   * @throws IllegalStateException if the vector is not finite (a NaN or infinity in the model's output, e.g. a
   *     faulty GPU kernel): the whole call fails, so the vector is neither cached nor added to a profile's sum,
   *     where one NaN would stay for good
   */
  static float[] pooledRow(EncoderModel model, FloatBuffer hidden, TokenBatch batch, int row) {
    float[] vector = Vectors.l2Normalise(model.pooling().pool(hidden, batch, row, model.dimension()));
    if (!Vectors.finite(vector)) {
      throw new IllegalStateException("encoder " + model.id() + " produced a vector that is not finite (NaN or "
          + "infinity in the model's output) for row " + row + " of a model run of " + batch.rows() + " texts");
    }
    return vector;
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (!closed) {
        closed = true;
        closeQuietly(tokenizer, opened);
        metrics.providerInUse(ProviderInUse.NONE);
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeQuietly(HuggingFaceTokenizer tokenizer, OpenedSession opened) {
    tokenizer.close();
    if (opened != null) {
      try {
        opened.session().close();
      } catch (OrtException e) {
        // nothing left to do with a session that will not close; its memory is lost either way
      }
    }
  }
}
